/**
 * A small RFC 4180 CSV reader: quoted fields with "" escapes, CRLF or LF, a UTF-8 BOM, blank
 * lines ignored. It never throws: a malformed row comes back with its field count, and the
 * importer rejects it with the line number. An unterminated quote swallows the rest of the
 * file into one field (its row then has the wrong width and is rejected).
 */
export interface CsvRow {
  /** 1-based line number where the row starts. */
  line: number;
  fields: string[];
}

export interface CsvFile {
  header: string[];
  rows: CsvRow[];
}

export function parseCsv(text: string): CsvFile {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Fast path: without any quote character a CSV is lines split on commas.
  // (A lone CR as a line end goes through the general parser.)
  if (!src.includes('"') && !/\r(?!\n)/.test(src)) return parseUnquoted(src);
  return parseQuoted(src);
}

function parseUnquoted(src: string): CsvFile {
  const all: CsvRow[] = [];
  let line = 0;
  let start = 0;
  while (start < src.length) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    line++;
    const s = src.charCodeAt(end - 1) === 13 ? src.slice(start, end - 1) : src.slice(start, end);
    if (s !== '') all.push({ line, fields: s.split(',') });
    start = end + 1;
  }
  const [head, ...rows] = all;
  return { header: head ? head.fields.map((h) => h.trim()) : [], rows };
}

function parseQuoted(src: string): CsvFile {
  const all: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let fieldStarted = false;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !fieldStarted)) all.push({ line: rowLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (field !== '' || fields.length || fieldStarted) endRow();
  const [head, ...rows] = all;
  return { header: head ? head.fields.map((h) => h.trim()) : [], rows };
}

/** The first line of a text (header detection without parsing the whole file). */
export function firstLine(text: string): string {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const end = src.search(/\r?\n/);
  return (end < 0 ? src : src.slice(0, end)).trim();
}

/**
 * For big files where most lines are out of scope (odds snapshots: three quarters are other
 * markets): lines without `needle` are not split, only their field count is taken (for the
 * width check). Falls back to the full parser (all lines split) when the text has quotes.
 */
export function parseCsvSkipping(
  text: string,
  needle: string,
): { header: string[]; rows: CsvRow[]; others: Array<{ line: number; width: number }> } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (src.includes('"') || /\r(?!\n)/.test(src)) return { ...parseQuoted(src), others: [] };
  const rows: CsvRow[] = [];
  const others: Array<{ line: number; width: number }> = [];
  let header: string[] | null = null;
  let line = 0;
  let start = 0;
  while (start < src.length) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    line++;
    const s = src.charCodeAt(end - 1) === 13 ? src.slice(start, end - 1) : src.slice(start, end);
    start = end + 1;
    if (s === '') continue;
    if (!header) header = s.split(',').map((h) => h.trim());
    else if (s.includes(needle)) rows.push({ line, fields: s.split(',') });
    else {
      let width = 1;
      for (let i = s.indexOf(','); i >= 0; i = s.indexOf(',', i + 1)) width++;
      others.push({ line, width });
    }
  }
  return { header: header ?? [], rows, others };
}
