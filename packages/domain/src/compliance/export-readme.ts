import type { DataExportJob } from './data-export-ports.ts';

/**
 * README.txt of an export, in pt-BR (the data subject's language): what each file holds. Keyed by the export file
 * name SUBJECT_DATA gives a table; a file without a description here is still listed, with a generic line.
 */
export const EXPORT_FILE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  profile: 'Cadastro do paciente: nome, e-mail, telefone, data de nascimento, fuso horário, situação, observações e a última avaliação de risco.',
  account: 'Conta de acesso do paciente: e-mail de login, idioma, datas de criação e de troca de senha. A senha nunca é exportada (nem em forma cifrada).',
  audit: 'Trilha de auditoria sobre o paciente: quem fez o quê e quando (criação, alterações de cadastro, convites, exportações). Valores de saúde aparecem mascarados.',
  'access-log': 'Registro de acessos: quem leu os dados de saúde do paciente (prontuário, protocolos, check-ins, mensagens, medidas, fotos, exames), quando e o quê.',
  protocols: 'Protocolos (planos de cuidado) do paciente, com o conteúdo atual: refeições, exercícios, suplementos e metas de hidratação.',
  'protocol-versions': 'Cada versão publicada de cada protocolo, com o conteúdo daquela versão.',
  'daily-tasks': 'Tarefas diárias geradas a partir dos protocolos (refeições, exercícios, suplementos), por dia.',
  'task-completions': 'Tarefas diárias marcadas como concluídas, com data e hora.',
  adherence: 'Adesão por dia: quantas tarefas havia e quantas foram concluídas.',
  water: 'Registros de ingestão de água (ml), com data e hora.',
  'checkin-schedule': 'Agenda de check-ins: o formulário, a cadência e a tolerância de atraso.',
  checkins: 'Check-ins: quando abriram, venceram e foram enviados, as respostas do paciente e a revisão do profissional.',
  threads: 'Conversas entre paciente e profissional (assunto e datas).',
  messages: 'Mensagens trocadas em cada conversa, com remetente e data.',
  measurements: 'Medidas corporais: peso, altura, percentual de gordura, massa magra e circunferências, por data.',
  photos: 'Fotos de evolução: pose, data da foto e situação do processamento. As imagens estão na pasta photos/.',
  'lab-results': 'Exames laboratoriais: data da coleta, laboratório e, quando enviado, o arquivo do exame (na pasta exams/).',
  'lab-values': 'Valores de cada exame por biomarcador: o valor na unidade padrão do catálogo e o valor e a unidade como o laboratório informou.',
};

export interface ReadmeFile { path: string; records: number | null; exportAs: string | null }

const SCOPE_TEXT = { patient: 'os dados de um paciente', account: 'os dados de todos os pacientes da conta do profissional' } as const;

/**
 * The README text for the files written, in the order they were written. It speaks in the practice's name (its
 * branding's display name, issue 11): the patient meets the professional, KoreVitta is the system that keeps the data.
 */
export function exportReadme(job: DataExportJob, files: readonly ReadmeFile[], generatedAt: Date, practiceName: string | null = null): string {
  const practice = practiceName?.replace(/\s+/g, ' ').trim() || null;
  const lines = [
    `EXPORTAÇÃO DE DADOS PESSOAIS — ${practice ?? 'KoreVitta'}`,
    ...(practice ? ['Gerada pelo KoreVitta, o sistema em que o profissional guarda estes dados.'] : []),
    '',
    `Esta exportação reúne ${SCOPE_TEXT[job.scope]} (Lei Geral de Proteção de Dados, Lei 13.709/2018, art. 18, incisos II e V).`,
    `Pedido em ${job.createdAt.toISOString()} e gerado em ${generatedAt.toISOString()} (horários em UTC). Identificador: ${job.id}.`,
    'O arquivo fica disponível por 7 dias a partir do pedido e depois é apagado.',
    '',
    'FORMATO',
    '- Cada arquivo .json é uma lista (JSON) com um registro por linha, com as colunas do sistema (nomes em inglês, snake_case).',
    '- Datas e horários estão no formato ISO 8601; números decimais usam ponto.',
    '- fhir-bundle.json é um Bundle HL7 FHIR R4 (tipo collection) para levar os dados a outro sistema de saúde: Patient',
    '  (cadastro), Observation (medidas, com códigos LOINC: peso 29463-7, altura 8302-2, IMC 39156-5, gordura corporal',
    '  41982-0, cintura 8280-0, quadril 62409-8; exames laboratoriais pelo código LOINC de cada biomarcador),',
    '  QuestionnaireResponse (check-ins enviados), CarePlan (protocolos) e',
    '  Communication (mensagens).',
    '',
    'ARQUIVOS',
  ];
  for (const f of files) {
    const description = f.path === 'fhir-bundle.json'
      ? 'Os mesmos dados no padrão HL7 FHIR R4 (veja FORMATO).'
      : f.exportAs ? EXPORT_FILE_DESCRIPTIONS[f.exportAs] ?? `Registros de ${f.exportAs}.`
        : 'Os arquivos guardados (fotos de evolução na versão exibida no aplicativo, sem metadados de câmera ou localização; exames em PDF como enviados e fotos de exames sem esses metadados), cada um com o id do seu registro no nome.';
    const unit = f.path.endsWith('/') ? ['arquivo', 'arquivos'] : ['registro', 'registros'];
    const count = f.records === null ? '' : ` (${f.records} ${f.records === 1 ? unit[0] : unit[1]})`;
    lines.push(`- ${f.path}${count}: ${description}`);
  }
  const controller = practice ? `com ${practice}, o profissional responsável` : 'com o profissional responsável';
  lines.push('', `Dúvidas sobre os seus dados: fale ${controller}, que é o controlador dos dados (LGPD, art. 5º, VI).`, '');
  return lines.join('\n');
}
