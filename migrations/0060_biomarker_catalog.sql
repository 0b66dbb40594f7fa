-- Biomarker catalog (issue 10, seed V1.2; ADR 0020): the markers a Brazilian nutrition practice orders most, with
-- LOINC code, pt-BR and en names, the canonical UCUM unit, accepted alternative units with exact conversions, and
-- reference ranges by sex and age band, each naming its source.
--
-- VERSIONED SEED: this file is never edited. A correction or an addition is a new migration that inserts catalog
-- version N+1 and its rows (new markers, new units, and for a marker whose ranges change, its COMPLETE new set of
-- ranges: the application uses, per marker, the ranges of the highest version that has any).
--
-- CLINICAL REVIEW REQUIRED BEFORE PRODUCTION: the ranges below were transcribed by engineering from the sources
-- named on each row (guideline tables, manufacturers' package inserts, textbook adult intervals) and have NOT been
-- checked against the documents by a clinician. Laboratory ranges depend on the method; the lab's own printed range
-- wins for diagnosis. Critical ("panic") limits are typical laboratory critical-value lists, not guideline values.
--
-- Conversions: a value in an accepted unit becomes canonical as value * factor_numerator / factor_denominator
-- + offset_value (exact rationals; the only affine one is HbA1c IFCC mmol/mol -> NGSP %, the IFCC-NGSP master equation).
-- Molar masses used: glucose 180.16, cholesterol 386.65, triolein 885.7, thyroxine 776.87, triiodothyronine 650.97,
-- iron 55.845, 25-OH vitamin D3 400.64, cobalamin 1355.37, folic acid 441.4, zinc 65.38, creatinine 113.12,
-- urea 60.06, uric acid 168.11, bilirubin 584.66, calcium 40.078, magnesium 24.305, phosphorus 30.974,
-- hemoglobin monomer 16114.5, cortisol 362.46, testosterone 288.42 (g/mol).
--
-- Age bands are [age_from_years, age_to_years) in full years at collection; NULL age_to_years has no upper bound.
-- Paediatric bands exist only where the named source gives them (lipids); other markers are adult (18+) only, and
-- a value of a younger patient, or of a patient with no birth date, stays unflagged.

CREATE TABLE biomarker_catalog_versions (
  version integer PRIMARY KEY CHECK (version > 0),
  published_on date NOT NULL,
  note text NOT NULL
);

CREATE TABLE biomarkers (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  catalog_version integer NOT NULL REFERENCES biomarker_catalog_versions(version),
  loinc text NOT NULL UNIQUE CHECK (loinc ~ '^[0-9]{1,7}-[0-9]$'),
  name_pt text NOT NULL,
  name_en text NOT NULL,
  category text NOT NULL CHECK (category IN ('glycemic', 'lipids', 'thyroid', 'iron', 'vitamins', 'renal', 'liver', 'inflammation', 'minerals', 'blood_count', 'hormones')),
  -- The canonical UCUM unit: every value is stored in it.
  unit text NOT NULL,
  decimals smallint NOT NULL CHECK (decimals BETWEEN 0 AND 4),
  sort_order smallint NOT NULL UNIQUE
);

CREATE TABLE biomarker_units (
  biomarker_code text NOT NULL REFERENCES biomarkers(code),
  unit text NOT NULL,
  catalog_version integer NOT NULL REFERENCES biomarker_catalog_versions(version),
  factor_numerator numeric NOT NULL CHECK (factor_numerator > 0),
  factor_denominator numeric NOT NULL DEFAULT 1 CHECK (factor_denominator > 0),
  offset_value numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (biomarker_code, unit)
);

CREATE TABLE biomarker_ranges (
  biomarker_code text NOT NULL REFERENCES biomarkers(code),
  catalog_version integer NOT NULL REFERENCES biomarker_catalog_versions(version),
  sex text NOT NULL CHECK (sex IN ('any', 'female', 'male')),
  age_from_years smallint NOT NULL DEFAULT 0 CHECK (age_from_years >= 0),
  age_to_years smallint CHECK (age_to_years > age_from_years),
  low numeric,
  high numeric,
  critical_low numeric,
  critical_high numeric,
  source text NOT NULL CHECK (length(source) > 10),
  PRIMARY KEY (biomarker_code, catalog_version, sex, age_from_years),
  CHECK (low IS NOT NULL OR high IS NOT NULL),
  CHECK (low IS NULL OR high IS NULL OR low < high),
  CHECK (critical_low IS NULL OR low IS NULL OR critical_low < low),
  CHECK (critical_high IS NULL OR high IS NULL OR critical_high > high)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Catalog version 1
-- ---------------------------------------------------------------------------------------------------------------
INSERT INTO biomarker_catalog_versions (version, published_on, note) VALUES
  (1, '2026-12-03', 'Initial catalog: 45 markers of a Brazilian nutrition practice (issue 10). Pending clinical review.');

INSERT INTO biomarkers (code, catalog_version, loinc, name_pt, name_en, category, unit, decimals, sort_order) VALUES
  ('glucose_fasting',        1, '1558-6',  'Glicemia de jejum',                          'Fasting glucose',                         'glycemic',     'mg/dL',    0, 10),
  ('hba1c',                  1, '4548-4',  'Hemoglobina glicada (HbA1c)',                'Hemoglobin A1c',                          'glycemic',     '%',        1, 20),
  ('insulin',                1, '20448-7', 'Insulina',                                   'Insulin',                                 'glycemic',     'u[IU]/mL', 1, 30),
  ('cholesterol_total',      1, '2093-3',  'Colesterol total',                           'Total cholesterol',                       'lipids',       'mg/dL',    0, 100),
  ('hdl',                    1, '2085-9',  'Colesterol HDL',                             'HDL cholesterol',                         'lipids',       'mg/dL',    0, 110),
  ('ldl',                    1, '13457-7', 'Colesterol LDL (calculado)',                 'LDL cholesterol (calculated)',            'lipids',       'mg/dL',    0, 120),
  ('non_hdl',                1, '43396-1', 'Colesterol não-HDL',                         'Non-HDL cholesterol',                     'lipids',       'mg/dL',    0, 130),
  ('triglycerides',          1, '2571-8',  'Triglicerídeos',                             'Triglycerides',                           'lipids',       'mg/dL',    0, 140),
  ('tsh',                    1, '3016-3',  'TSH (tireotrofina)',                         'Thyrotropin (TSH)',                       'thyroid',      'm[IU]/L',  2, 200),
  ('free_t4',                1, '3024-0',  'T4 livre',                                   'Free thyroxine (free T4)',                'thyroid',      'ng/dL',    2, 210),
  ('free_t3',                1, '3051-3',  'T3 livre',                                   'Free triiodothyronine (free T3)',         'thyroid',      'pg/mL',    2, 220),
  ('ferritin',               1, '2276-4',  'Ferritina',                                  'Ferritin',                                'iron',         'ng/mL',    0, 300),
  ('iron',                   1, '2498-4',  'Ferro sérico',                               'Iron',                                    'iron',         'ug/dL',    0, 310),
  ('tibc',                   1, '2500-7',  'Capacidade total de ligação do ferro',       'Iron binding capacity (TIBC)',            'iron',         'ug/dL',    0, 320),
  ('transferrin_saturation', 1, '2502-3',  'Saturação da transferrina',                  'Transferrin saturation',                  'iron',         '%',        0, 330),
  ('vitamin_d_25oh',         1, '62292-8', '25-hidroxivitamina D',                       '25-hydroxyvitamin D',                     'vitamins',     'ng/mL',    1, 400),
  ('vitamin_b12',            1, '2132-9',  'Vitamina B12',                               'Vitamin B12 (cobalamin)',                 'vitamins',     'pg/mL',    0, 410),
  ('folate',                 1, '2284-8',  'Ácido fólico (folato sérico)',               'Folate',                                  'vitamins',     'ng/mL',    1, 420),
  ('zinc',                   1, '5763-8',  'Zinco',                                      'Zinc',                                    'vitamins',     'ug/dL',    0, 430),
  ('creatinine',             1, '2160-0',  'Creatinina',                                 'Creatinine',                              'renal',        'mg/dL',    2, 500),
  ('urea',                   1, '3091-6',  'Ureia',                                      'Urea',                                    'renal',        'mg/dL',    0, 510),
  ('uric_acid',              1, '3084-1',  'Ácido úrico',                                'Uric acid',                               'renal',        'mg/dL',    1, 520),
  ('alt',                    1, '1742-6',  'ALT (TGP)',                                  'Alanine aminotransferase (ALT)',          'liver',        'U/L',      0, 600),
  ('ast',                    1, '1920-8',  'AST (TGO)',                                  'Aspartate aminotransferase (AST)',        'liver',        'U/L',      0, 610),
  ('ggt',                    1, '2324-2',  'Gama-GT',                                    'Gamma-glutamyltransferase (GGT)',         'liver',        'U/L',      0, 620),
  ('alkaline_phosphatase',   1, '6768-6',  'Fosfatase alcalina',                         'Alkaline phosphatase',                    'liver',        'U/L',      0, 630),
  ('bilirubin_total',        1, '1975-2',  'Bilirrubina total',                          'Bilirubin (total)',                       'liver',        'mg/dL',    2, 640),
  ('albumin',                1, '1751-7',  'Albumina',                                   'Albumin',                                 'liver',        'g/dL',     1, 650),
  ('total_protein',          1, '2885-2',  'Proteínas totais',                           'Protein (total)',                         'liver',        'g/dL',     1, 660),
  ('crp',                    1, '1988-5',  'Proteína C reativa',                         'C-reactive protein',                      'inflammation', 'mg/L',     1, 700),
  ('hs_crp',                 1, '30522-7', 'Proteína C reativa ultrassensível',          'C-reactive protein (high sensitivity)',   'inflammation', 'mg/L',     2, 710),
  ('homocysteine',           1, '13965-9', 'Homocisteína',                               'Homocysteine',                            'inflammation', 'umol/L',   1, 720),
  ('sodium',                 1, '2951-2',  'Sódio',                                      'Sodium',                                  'minerals',     'mmol/L',   0, 800),
  ('potassium',              1, '2823-3',  'Potássio',                                   'Potassium',                               'minerals',     'mmol/L',   1, 810),
  ('calcium',                1, '17861-6', 'Cálcio total',                               'Calcium (total)',                         'minerals',     'mg/dL',    1, 820),
  ('magnesium',              1, '19123-9', 'Magnésio',                                   'Magnesium',                               'minerals',     'mg/dL',    1, 830),
  ('phosphorus',             1, '2777-1',  'Fósforo',                                    'Phosphate',                               'minerals',     'mg/dL',    1, 840),
  ('hemoglobin',             1, '718-7',   'Hemoglobina',                                'Hemoglobin',                              'blood_count',  'g/dL',     1, 900),
  ('hematocrit',             1, '4544-3',  'Hematócrito',                                'Hematocrit',                              'blood_count',  '%',        1, 910),
  ('erythrocytes',           1, '789-8',   'Hemácias',                                   'Erythrocytes (red blood cells)',          'blood_count',  '10*6/uL',  2, 920),
  ('mcv',                    1, '787-2',   'VCM (volume corpuscular médio)',             'Mean corpuscular volume (MCV)',           'blood_count',  'fL',       1, 930),
  ('leukocytes',             1, '6690-2',  'Leucócitos',                                 'Leukocytes (white blood cells)',          'blood_count',  '10*3/uL',  2, 940),
  ('platelets',              1, '777-3',   'Plaquetas',                                  'Platelets',                               'blood_count',  '10*3/uL',  0, 950),
  ('cortisol',               1, '2143-6',  'Cortisol (manhã)',                           'Cortisol (morning)',                      'hormones',     'ug/dL',    1, 1000),
  ('testosterone_total',     1, '2986-8',  'Testosterona total',                         'Testosterone (total)',                    'hormones',     'ng/dL',    0, 1010);

-- canonical = value * numerator / denominator + offset.
INSERT INTO biomarker_units (biomarker_code, unit, catalog_version, factor_numerator, factor_denominator, offset_value) VALUES
  ('glucose_fasting',   'mmol/L',   1, 18.016,  1,     0),   -- 180.16 g/mol: 1 mmol/L = 18.016 mg/dL
  ('hba1c',             'mmol/mol', 1, 0.09148, 1,     2.152), -- IFCC-NGSP master equation: NGSP % = 0.09148 * IFCC + 2.152
  ('insulin',           'pmol/L',   1, 1,       6,     0),   -- 1 uIU/mL = 6.00 pmol/L (insulin standardisation, Heinemann 2010)
  ('insulin',           'm[IU]/L',  1, 1,       1,     0),
  ('cholesterol_total', 'mmol/L',   1, 38.665,  1,     0),
  ('hdl',               'mmol/L',   1, 38.665,  1,     0),
  ('ldl',               'mmol/L',   1, 38.665,  1,     0),
  ('non_hdl',           'mmol/L',   1, 38.665,  1,     0),
  ('triglycerides',     'mmol/L',   1, 88.57,   1,     0),
  ('tsh',               'u[IU]/mL', 1, 1,       1,     0),
  ('free_t4',           'pmol/L',   1, 776.87,  10000, 0),
  ('free_t3',           'pmol/L',   1, 650.97,  1000,  0),
  ('ferritin',          'ug/L',     1, 1,       1,     0),
  ('iron',              'umol/L',   1, 55.845,  10,    0),
  ('tibc',              'umol/L',   1, 55.845,  10,    0),
  ('vitamin_d_25oh',    'nmol/L',   1, 400.64,  1000,  0),
  ('vitamin_b12',       'pmol/L',   1, 1355.37, 1000,  0),
  ('folate',            'nmol/L',   1, 441.4,   1000,  0),
  ('zinc',              'umol/L',   1, 65.38,   10,    0),
  ('creatinine',        'umol/L',   1, 113.12,  10000, 0),
  ('urea',              'mmol/L',   1, 60.06,   10,    0),
  ('uric_acid',         'umol/L',   1, 168.11,  10000, 0),
  ('alt',               'ukat/L',   1, 60,      1,     0),   -- 1 U = 1 umol/min = 1/60 ukat
  ('ast',               'ukat/L',   1, 60,      1,     0),
  ('ggt',               'ukat/L',   1, 60,      1,     0),
  ('alkaline_phosphatase', 'ukat/L', 1, 60,     1,     0),
  ('bilirubin_total',   'umol/L',   1, 584.66,  10000, 0),
  ('albumin',           'g/L',      1, 1,       10,    0),
  ('total_protein',     'g/L',      1, 1,       10,    0),
  ('crp',               'mg/dL',    1, 10,      1,     0),
  ('hs_crp',            'mg/dL',    1, 10,      1,     0),
  ('sodium',            'meq/L',    1, 1,       1,     0),
  ('potassium',         'meq/L',    1, 1,       1,     0),
  ('calcium',           'mmol/L',   1, 40.078,  10,    0),
  ('calcium',           'meq/L',    1, 40.078,  20,    0),
  ('magnesium',         'mmol/L',   1, 24.305,  10,    0),
  ('magnesium',         'meq/L',    1, 24.305,  20,    0),
  ('phosphorus',        'mmol/L',   1, 30.974,  10,    0),
  ('hemoglobin',        'g/L',      1, 1,       10,    0),
  ('hemoglobin',        'mmol/L',   1, 16114.5, 10000, 0),
  ('hematocrit',        'L/L',      1, 100,     1,     0),
  ('erythrocytes',      '10*12/L',  1, 1,       1,     0),
  ('leukocytes',        '10*9/L',   1, 1,       1,     0),
  ('leukocytes',        '/uL',      1, 1,       1000,  0),
  ('leukocytes',        '/mm3',     1, 1,       1000,  0),   -- Brazilian reports: "leucócitos/mm³"
  ('platelets',         '10*9/L',   1, 1,       1,     0),
  ('platelets',         '/uL',      1, 1,       1000,  0),
  ('platelets',         '/mm3',     1, 1,       1000,  0),
  ('cortisol',          'nmol/L',   1, 362.46,  10000, 0),
  ('testosterone_total','nmol/L',   1, 288.42,  10,    0);

INSERT INTO biomarker_ranges (biomarker_code, catalog_version, sex, age_from_years, age_to_years, low, high, critical_low, critical_high, source) VALUES
  ('glucose_fasting', 1, 'any', 18, NULL, 70, 99, 50, 400,
    'SBD, Diretriz da Sociedade Brasileira de Diabetes 2023 (normal < 100 mg/dL; hipoglicemia < 70 mg/dL); críticos: lista típica de valores críticos de laboratório'),
  ('hba1c', 1, 'any', 18, NULL, NULL, 5.6, NULL, NULL,
    'SBD, Diretriz da Sociedade Brasileira de Diabetes 2023 (normal < 5,7 %; 5,7–6,4 % pré-diabetes)'),
  ('insulin', 1, 'any', 18, NULL, 2.6, 24.9, NULL, NULL,
    'Manual do fabricante: Roche Elecsys Insulin, intervalo de referência de adultos em jejum'),
  ('cholesterol_total', 1, 'any', 2, 20, NULL, 169, NULL, NULL,
    'SBC, Atualização da Diretriz Brasileira de Dislipidemias e Prevenção da Aterosclerose 2017, tabela de 2 a 19 anos (desejável < 170 mg/dL)'),
  ('cholesterol_total', 1, 'any', 20, NULL, NULL, 189, NULL, NULL,
    'SBC, Atualização da Diretriz Brasileira de Dislipidemias e Prevenção da Aterosclerose 2017, adultos (desejável < 190 mg/dL)'),
  ('hdl', 1, 'any', 2, 20, 45, NULL, NULL, NULL,
    'SBC, Atualização da Diretriz Brasileira de Dislipidemias 2017, tabela de 2 a 19 anos (desejável > 45 mg/dL)'),
  ('hdl', 1, 'any', 20, NULL, 40, NULL, NULL, NULL,
    'SBC, Atualização da Diretriz Brasileira de Dislipidemias 2017, adultos (desejável > 40 mg/dL)'),
  ('ldl', 1, 'any', 2, 20, NULL, 109, NULL, NULL,
    'SBC, Atualização da Diretriz Brasileira de Dislipidemias 2017, tabela de 2 a 19 anos (desejável < 110 mg/dL)'),
  ('ldl', 1, 'any', 20, NULL, NULL, 129, NULL, NULL,
    'SBC, Atualização da Diretriz Brasileira de Dislipidemias 2017, meta do baixo risco cardiovascular (< 130 mg/dL); a meta depende da categoria de risco'),
  ('non_hdl', 1, 'any', 2, 20, NULL, 144, NULL, NULL,
    'SBC, Atualização da Diretriz Brasileira de Dislipidemias 2017, tabela de 2 a 19 anos (desejável < 145 mg/dL)'),
  ('non_hdl', 1, 'any', 20, NULL, NULL, 159, NULL, NULL,
    'SBC, Atualização da Diretriz Brasileira de Dislipidemias 2017, meta do baixo risco cardiovascular (< 160 mg/dL)'),
  ('triglycerides', 1, 'any', 0, 10, NULL, 74, NULL, NULL,
    'SBC, Atualização da Diretriz Brasileira de Dislipidemias 2017, 0 a 9 anos em jejum (desejável < 75 mg/dL)'),
  ('triglycerides', 1, 'any', 10, 20, NULL, 89, NULL, NULL,
    'SBC, Atualização da Diretriz Brasileira de Dislipidemias 2017, 10 a 19 anos em jejum (desejável < 90 mg/dL)'),
  ('triglycerides', 1, 'any', 20, NULL, NULL, 149, NULL, 1000,
    'SBC, Atualização da Diretriz Brasileira de Dislipidemias 2017, adultos em jejum (desejável < 150 mg/dL); crítico: ≥ 1000 mg/dL, risco de pancreatite'),
  ('tsh', 1, 'any', 18, NULL, 0.27, 4.2, NULL, NULL,
    'Manual do fabricante: Roche Elecsys TSH, intervalo de referência de adultos'),
  ('free_t4', 1, 'any', 18, NULL, 0.93, 1.7, NULL, NULL,
    'Manual do fabricante: Roche Elecsys FT4 II, intervalo de referência de adultos'),
  ('free_t3', 1, 'any', 18, NULL, 2.0, 4.4, NULL, NULL,
    'Manual do fabricante: Roche Elecsys FT3 III, intervalo de referência de adultos'),
  ('ferritin', 1, 'female', 18, NULL, 13, 150, NULL, NULL,
    'Manual do fabricante: Roche Elecsys Ferritin, mulheres adultas'),
  ('ferritin', 1, 'male', 18, NULL, 30, 400, NULL, NULL,
    'Manual do fabricante: Roche Elecsys Ferritin, homens adultos'),
  ('iron', 1, 'female', 18, NULL, 37, 145, NULL, NULL,
    'Manual do fabricante: Roche cobas Iron Gen.2, mulheres adultas'),
  ('iron', 1, 'male', 18, NULL, 59, 158, NULL, NULL,
    'Manual do fabricante: Roche cobas Iron Gen.2, homens adultos'),
  ('tibc', 1, 'any', 18, NULL, 250, 450, NULL, NULL,
    'Tietz Clinical Guide to Laboratory Tests, intervalo de adultos'),
  ('transferrin_saturation', 1, 'any', 18, NULL, 20, 50, NULL, NULL,
    'Tietz Clinical Guide to Laboratory Tests, intervalo de adultos'),
  ('vitamin_d_25oh', 1, 'any', 18, NULL, 20, 100, NULL, 150,
    'SBPC/ML e SBEM, posicionamento oficial 2017 sobre 25-hidroxivitamina D (> 20 ng/mL população saudável; > 100 ng/mL risco de toxicidade); crítico: > 150 ng/mL, intoxicação'),
  ('vitamin_b12', 1, 'any', 18, NULL, 197, 771, NULL, NULL,
    'Manual do fabricante: Roche Elecsys Vitamin B12 II, intervalo de referência de adultos'),
  ('folate', 1, 'any', 18, NULL, 3.9, 26.8, NULL, NULL,
    'Manual do fabricante: Roche Elecsys Folate III, intervalo de referência de adultos'),
  ('zinc', 1, 'any', 18, NULL, 70, 120, NULL, NULL,
    'Tietz Clinical Guide to Laboratory Tests, zinco sérico de adultos'),
  ('creatinine', 1, 'female', 18, NULL, 0.51, 0.95, NULL, NULL,
    'Manual do fabricante: Roche cobas CREP2 (enzimático), mulheres adultas'),
  ('creatinine', 1, 'male', 18, NULL, 0.67, 1.17, NULL, NULL,
    'Manual do fabricante: Roche cobas CREP2 (enzimático), homens adultos'),
  ('urea', 1, 'any', 18, NULL, 17, 43, NULL, NULL,
    'Manual do fabricante: Roche cobas UREAL, ureia sérica de adultos'),
  ('uric_acid', 1, 'female', 18, NULL, 2.4, 5.7, NULL, NULL,
    'Manual do fabricante: Roche cobas UA2, mulheres adultas'),
  ('uric_acid', 1, 'male', 18, NULL, 3.4, 7.0, NULL, NULL,
    'Manual do fabricante: Roche cobas UA2, homens adultos'),
  ('alt', 1, 'female', 18, NULL, NULL, 33, NULL, NULL,
    'Manual do fabricante: Roche cobas ALTL (IFCC sem piridoxal-fosfato), mulheres adultas'),
  ('alt', 1, 'male', 18, NULL, NULL, 41, NULL, NULL,
    'Manual do fabricante: Roche cobas ALTL (IFCC sem piridoxal-fosfato), homens adultos'),
  ('ast', 1, 'female', 18, NULL, NULL, 32, NULL, NULL,
    'Manual do fabricante: Roche cobas ASTL (IFCC sem piridoxal-fosfato), mulheres adultas'),
  ('ast', 1, 'male', 18, NULL, NULL, 40, NULL, NULL,
    'Manual do fabricante: Roche cobas ASTL (IFCC sem piridoxal-fosfato), homens adultos'),
  ('ggt', 1, 'female', 18, NULL, 6, 42, NULL, NULL,
    'Manual do fabricante: Roche cobas GGT-2, mulheres adultas'),
  ('ggt', 1, 'male', 18, NULL, 10, 71, NULL, NULL,
    'Manual do fabricante: Roche cobas GGT-2, homens adultos'),
  ('alkaline_phosphatase', 1, 'female', 18, NULL, 35, 104, NULL, NULL,
    'Manual do fabricante: Roche cobas ALP2 (IFCC), mulheres adultas'),
  ('alkaline_phosphatase', 1, 'male', 18, NULL, 40, 129, NULL, NULL,
    'Manual do fabricante: Roche cobas ALP2 (IFCC), homens adultos'),
  ('bilirubin_total', 1, 'any', 18, NULL, NULL, 1.2, NULL, NULL,
    'Manual do fabricante: Roche cobas BILT3, adultos'),
  ('albumin', 1, 'any', 18, NULL, 3.5, 5.2, NULL, NULL,
    'Manual do fabricante: Roche cobas ALB2 (verde de bromocresol), adultos'),
  ('total_protein', 1, 'any', 18, NULL, 6.4, 8.3, NULL, NULL,
    'Manual do fabricante: Roche cobas TP2, adultos'),
  ('crp', 1, 'any', 18, NULL, NULL, 5.0, NULL, NULL,
    'Manual do fabricante: Roche cobas CRPL3, adultos (< 5 mg/L)'),
  ('hs_crp', 1, 'any', 18, NULL, NULL, 3.0, NULL, NULL,
    'AHA/CDC, declaração científica de 2003 sobre marcadores inflamatórios (> 3 mg/L: alto risco cardiovascular)'),
  ('homocysteine', 1, 'any', 18, NULL, 5, 15, NULL, NULL,
    'Tietz Clinical Guide to Laboratory Tests, homocisteína total de adultos'),
  ('sodium', 1, 'any', 18, NULL, 136, 145, 120, 160,
    'Tietz Clinical Guide to Laboratory Tests, adultos; críticos: lista típica de valores críticos de laboratório'),
  ('potassium', 1, 'any', 18, NULL, 3.5, 5.1, 2.8, 6.2,
    'Tietz Clinical Guide to Laboratory Tests, adultos; críticos: lista típica de valores críticos de laboratório'),
  ('calcium', 1, 'any', 18, NULL, 8.6, 10.2, 6.5, 13.0,
    'Manual do fabricante: Roche cobas CA2, adultos; críticos: lista típica de valores críticos de laboratório'),
  ('magnesium', 1, 'any', 18, NULL, 1.6, 2.6, 1.0, 4.9,
    'Manual do fabricante: Roche cobas MG2, adultos; críticos: lista típica de valores críticos de laboratório'),
  ('phosphorus', 1, 'any', 18, NULL, 2.5, 4.5, 1.0, NULL,
    'Manual do fabricante: Roche cobas PHOS2, adultos; crítico: lista típica de valores críticos de laboratório'),
  ('hemoglobin', 1, 'female', 18, NULL, 12.0, 15.5, 7.0, 20.0,
    'Hemograma de adultos (Wintrobe''s Clinical Hematology), mulheres; críticos: lista típica de valores críticos de laboratório'),
  ('hemoglobin', 1, 'male', 18, NULL, 13.5, 17.5, 7.0, 20.0,
    'Hemograma de adultos (Wintrobe''s Clinical Hematology), homens; críticos: lista típica de valores críticos de laboratório'),
  ('hematocrit', 1, 'female', 18, NULL, 35.0, 45.0, 20.0, 60.0,
    'Hemograma de adultos (Wintrobe''s Clinical Hematology), mulheres; críticos: lista típica de valores críticos de laboratório'),
  ('hematocrit', 1, 'male', 18, NULL, 39.0, 50.0, 20.0, 60.0,
    'Hemograma de adultos (Wintrobe''s Clinical Hematology), homens; críticos: lista típica de valores críticos de laboratório'),
  ('erythrocytes', 1, 'female', 18, NULL, 3.9, 5.0, NULL, NULL,
    'Hemograma de adultos (Wintrobe''s Clinical Hematology), mulheres'),
  ('erythrocytes', 1, 'male', 18, NULL, 4.3, 5.7, NULL, NULL,
    'Hemograma de adultos (Wintrobe''s Clinical Hematology), homens'),
  ('mcv', 1, 'any', 18, NULL, 80, 100, NULL, NULL,
    'Hemograma de adultos (Wintrobe''s Clinical Hematology)'),
  ('leukocytes', 1, 'any', 18, NULL, 4.0, 11.0, 2.0, 30.0,
    'Hemograma de adultos (Wintrobe''s Clinical Hematology); críticos: lista típica de valores críticos de laboratório'),
  ('platelets', 1, 'any', 18, NULL, 150, 450, 20, 1000,
    'Hemograma de adultos (Wintrobe''s Clinical Hematology); críticos: lista típica de valores críticos de laboratório'),
  ('cortisol', 1, 'any', 18, NULL, 6.2, 19.4, NULL, NULL,
    'Manual do fabricante: Roche Elecsys Cortisol II, coleta entre 7 e 10 h'),
  ('testosterone_total', 1, 'female', 18, NULL, 8.4, 48.1, NULL, NULL,
    'Manual do fabricante: Roche Elecsys Testosterone II, mulheres de 20 a 49 anos'),
  ('testosterone_total', 1, 'male', 18, NULL, 249, 836, NULL, NULL,
    'Manual do fabricante: Roche Elecsys Testosterone II, homens de 20 a 49 anos');

-- Reference data, the same for every tenant: any signed-in caller reads it, nobody in the app writes it. Set after
-- the rows, because FORCE binds the owner too: a later version's migration does NO FORCE, inserts, FORCE again, in
-- its one transaction.
ALTER TABLE biomarker_catalog_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE biomarker_catalog_versions FORCE ROW LEVEL SECURITY;
ALTER TABLE biomarkers ENABLE ROW LEVEL SECURITY;
ALTER TABLE biomarkers FORCE ROW LEVEL SECURITY;
ALTER TABLE biomarker_units ENABLE ROW LEVEL SECURITY;
ALTER TABLE biomarker_units FORCE ROW LEVEL SECURITY;
ALTER TABLE biomarker_ranges ENABLE ROW LEVEL SECURITY;
ALTER TABLE biomarker_ranges FORCE ROW LEVEL SECURITY;
CREATE POLICY biomarker_catalog_versions_read ON biomarker_catalog_versions FOR SELECT TO korevitta_app USING ((SELECT app_ctx.role()) IS NOT NULL);
CREATE POLICY biomarkers_read ON biomarkers FOR SELECT TO korevitta_app USING ((SELECT app_ctx.role()) IS NOT NULL);
CREATE POLICY biomarker_units_read ON biomarker_units FOR SELECT TO korevitta_app USING ((SELECT app_ctx.role()) IS NOT NULL);
CREATE POLICY biomarker_ranges_read ON biomarker_ranges FOR SELECT TO korevitta_app USING ((SELECT app_ctx.role()) IS NOT NULL);
CREATE POLICY biomarker_catalog_versions_system ON biomarker_catalog_versions FOR SELECT TO korevitta_system USING (true);
CREATE POLICY biomarkers_system ON biomarkers FOR SELECT TO korevitta_system USING (true);
CREATE POLICY biomarker_units_system ON biomarker_units FOR SELECT TO korevitta_system USING (true);
CREATE POLICY biomarker_ranges_system ON biomarker_ranges FOR SELECT TO korevitta_system USING (true);
GRANT SELECT ON biomarker_catalog_versions, biomarkers, biomarker_units, biomarker_ranges TO korevitta_app, korevitta_system;
