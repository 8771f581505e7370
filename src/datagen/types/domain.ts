import { formatNumeric } from './numeric.js';
import { realisticText } from './text.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest } from './type-family.js';

export const AMOUNT_DOMAIN = 'cdcsizer_positive_amount';
export const EMAIL_DOMAIN = 'cdcsizer_email';

/** A domain over numeric(12,2) with a CHECK: connectors see the base type, or an unknown one. */
function amountDomain(): ResolvedType<string> {
  return {
    sql: AMOUNT_DOMAIN,
    family: 'domain',
    setup: [{ key: `domain:${AMOUNT_DOMAIN}`, kind: 'domain', name: AMOUNT_DOMAIN, createSql: `CREATE DOMAIN ${AMOUNT_DOMAIN} AS numeric(12,2) CHECK (VALUE > 0)` }],
    keyable: true,
    edges: () => ['0.01', '9999999999.99', '0.005', '1'],
    generate: ({ rng }) => `${rng.int(0, 99_999)}.${String(rng.int(1, 99)).padStart(2, '0')}`,
    literal: (v) => v,
    canonical: (v) => formatNumeric(v, 2),
  };
}

/** A domain over text whose CHECK wants an @; values carry unicode and quotes around it. */
function emailDomain(): ResolvedType<string> {
  return {
    sql: EMAIL_DOMAIN,
    family: 'domain',
    setup: [{ key: `domain:${EMAIL_DOMAIN}`, kind: 'domain', name: EMAIL_DOMAIN, createSql: `CREATE DOMAIN ${EMAIL_DOMAIN} AS text CHECK (VALUE LIKE '%_@_%')` }],
    keyable: true,
    edges: () => ['a@b', "o'brien@example.com", '"quoted"@example.com', 'ünïcödé@exämple.de', 'tab\there@x.y', 'back\\slash@x.y'],
    generate: (src) => (src.rng.chance(0.9) ? src.faker.internet.email() : `${realisticText(src, 20) || 'x'}@example.com`),
    literal: (v) => v,
    canonical: (v) => v,
  };
}

export const domainFamily: TypeFamily = {
  id: 'domain',
  names: ['domain', 'domain_amount', 'domain_email'],
  resolve(req: TypeRequest): ResolvedType<string> {
    if (req.args.length > 0) throw new TypeRequestError(`${req.base} takes no arguments`);
    return req.base === 'domain_email' ? emailDomain() : amountDomain();
  },
};
