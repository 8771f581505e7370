import type { Faker } from '@faker-js/faker';
import { NASTY_STRINGS, prose, utf8Length } from './text.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest, type ValueSource } from './type-family.js';

// Characters XML 1.0 forbids outright (even as references): C0 controls other than tab, LF, CR.
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlEscapeText(s: string): string {
  return s.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlEscapeAttr(s: string, quote: '"' | "'" = '"'): string {
  const t = xmlEscapeText(s);
  return quote === '"' ? t.replace(/"/g, '&quot;') : t.replace(/'/g, '&apos;');
}

/** CDATA cannot contain `]]>`; split it across two sections, the standard trick. */
function cdata(s: string): string {
  return `<![CDATA[${s.replace(NOT_XML_CHAR, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** Comments cannot contain `--` nor end with `-`. */
function comment(s: string): string {
  return `<!-- ${s.replace(NOT_XML_CHAR, '').replace(/-/g, '–')} -->`;
}

function maybeNasty(src: ValueSource, make: (f: Faker) => string): string {
  return src.rng.chance(0.05) ? src.rng.pick(NASTY_STRINGS) : make(src.faker);
}

function customer(src: ValueSource): string {
  const { rng, faker } = src;
  const id = rng.int(1, 9_999_999);
  const status = rng.pick(['active', 'suspended', 'pending']);
  // Single-quoted attributes are legal and kept verbatim; they carry &apos; instead of &quot;.
  const q = rng.chance(0.3) ? "'" : '"';
  const name = xmlEscapeText(maybeNasty(src, (f) => f.person.fullName()));
  const company = xmlEscapeAttr(maybeNasty(src, (f) => f.company.name()), q);
  return (
    `<customer id=${q}${id}${q} status=${q}${status}${q} company=${q}${company}${q}>` +
    `<name>${name}</name><email>${xmlEscapeText(faker.internet.email())}</email>` +
    (rng.chance(0.3) ? `<note>${cdata(maybeNasty(src, (f) => f.lorem.sentence()))}</note>` : '') +
    `</customer>`
  );
}

function order(src: ValueSource): string {
  const { rng, faker } = src;
  const lines = Array.from({ length: rng.int(1, 4) }, () => {
    const price = (rng.int(1, 50_000) / 100).toFixed(2);
    return `\n  <line sku="${faker.string.alphanumeric(8).toUpperCase()}" qty="${rng.int(1, 9)}" price="${price}">${xmlEscapeText(faker.commerce.productName())}</line>`;
  });
  return `<order xmlns="urn:example:orders" placed="${new Date(Date.UTC(2024, 0, 1) + rng.int(0, 63_072_000) * 1000).toISOString()}">${lines.join('')}\n</order>`;
}

function article(src: ValueSource): string {
  const { rng, faker } = src;
  const body = xmlEscapeText(maybeNasty(src, (f) => f.lorem.paragraph()));
  return (
    `<article lang="${rng.pick(['en', 'fr', 'ja'])}">` +
    (rng.chance(0.3) ? comment(faker.hacker.phrase()) : '') +
    `<title>${xmlEscapeText(faker.commerce.productName())} &amp; more</title>\r\n<body>${body}</body>` +
    (rng.chance(0.2) ? '<?render mode="fast"?>' : '') +
    `</article>`
  );
}

/** Content (not a document): text and sibling elements without one root, which xml allows. */
function fragment(src: ValueSource): string {
  const { faker } = src;
  return `${xmlEscapeText(faker.lorem.words(3))} <b>${xmlEscapeText(faker.word.adjective())}</b>\t<i>&#233;t&#xE9; 😀</i>`;
}

const MAKERS = [customer, order, article, fragment];

// Item fragments reused for TOAST-sized documents, so large values cost no faker calls.
const itemCorpora = new WeakMap<Faker, string[]>();

function itemCorpus(src: ValueSource): string[] {
  let c = itemCorpora.get(src.faker);
  if (!c) {
    c = Array.from({ length: 48 }, (_, i) => (i % 2 === 0 ? customer(src) : article(src)));
    itemCorpora.set(src.faker, c);
  }
  return c;
}

/** `<export batch="N">` + `<item n="…">record</item>`… + `<note>padding</note></export>`, exactly `bytes` long. */
function wideDocument(src: ValueSource, bytes: number): string {
  const { rng } = src;
  const corpus = itemCorpus(src);
  const head = `<export batch="${rng.int(1, 1_000_000)}">`;
  const tail = '<note></note></export>';
  const parts = [head];
  let size = utf8Length(head) + tail.length;
  for (let n = 1; ; n++) {
    const item = `\n<item n="${n}" ref="${rng.nextUint32().toString(36)}">${rng.pick(corpus)}</item>`;
    const itemSize = utf8Length(item);
    if (size + itemSize > bytes) break;
    parts.push(item);
    size += itemSize;
  }
  parts.push(`<note>${prose(src, Math.max(0, bytes - size), { plain: true }).replace(/[&<>]/g, '.')}</note></export>`);
  return parts.join('');
}

const XML_DECL = /^<\?xml\s+version\s*=\s*(["'])([^"']*)\1(?:\s+encoding\s*=\s*(["'])[^"']*\3)?(?:\s+standalone\s*=\s*(["'])(yes|no)\4)?\s*\?>/;

/**
 * xml_out prints stored content verbatim, except for a leading XML declaration: it is dropped
 * (with one following newline) when it says nothing beyond version 1.0, and otherwise reprinted
 * in a fixed form with double quotes and without the encoding.
 */
export function xmlCanonical(text: string): string {
  const m = XML_DECL.exec(text);
  if (!m) return text;
  const [decl, , version, , , standalone] = m;
  let rest = text.slice(decl.length);
  if (version === '1.0' && standalone === undefined) return rest.startsWith('\n') ? rest.slice(1) : rest;
  return `<?xml version="${version}"${standalone ? ` standalone="${standalone}"` : ''}?>` + rest;
}

const EDGES: readonly string[] = [
  '',
  '  ',
  'plain text, no markup',
  '<a/>',
  '<a></a>',
  '<a>one</a><b>two</b> tail text',
  '<?xml version="1.0"?><a/>',
  '<?xml version="1.0" encoding="UTF-8"?>\n<a/>',
  "<?xml version='1.0' encoding='utf-8' standalone='yes'?><a/>",
  '<?xml version="1.0" standalone="no"?>\n<a/>',
  '<a>line\r\nbreak\tand tab</a>',
  '<a b="&quot;&amp;&lt;&gt;" c=\'it&apos;s\' d="it\'s" e=\'say "hi"\'/>',
  '<a><![CDATA[<raw> & ]]]]><![CDATA[> stuff]]></a>',
  '<!-- comment --><?pi data?><a/>',
  '<x:a xmlns:x="urn:x" x:b="1"><x:c/></x:a>',
  '<r>&#x1F600; 😀 &#233; é 日本語 שלום \u00a0\u200b</r>',
  '<a>\\N</a>\\.',
  '<a>  spaced  </a>  ',
  `<d>${'<n>'.repeat(200)}deep${'</n>'.repeat(200)}</d>`,
  `<nasty>${NASTY_STRINGS.map((s) => `<s v="${xmlEscapeAttr(s)}">${xmlEscapeText(s)}</s>`).join('')}</nasty>`,
];

export const xmlFamily: TypeFamily = {
  id: 'xml',
  names: ['xml'],
  resolve(req: TypeRequest): ResolvedType<string> {
    if (req.base !== 'xml') throw new TypeRequestError(`unknown xml type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError('xml takes no arguments');
    return {
      sql: 'xml',
      family: 'xml',
      setup: [],
      // xml has no equality operator, so no btree and no primary key.
      keyable: false,
      edges: () => [...EDGES],
      generate(src, width) {
        if (width && width.max > 0) {
          return wideDocument(src, src.rng.int(Math.max(0, width.min), Math.max(width.min, width.max)));
        }
        return src.rng.pick(MAKERS)(src);
      },
      literal: (v) => v,
      canonical: xmlCanonical,
    };
  },
};
