/** The languages of problem texts and e-mails: Brazilian Portuguese by default, English on request. */
export type Locale = 'pt-BR' | 'en';
