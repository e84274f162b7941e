// JSON text <-> JS values without losing 64-bit integers. The runtime's ints are int64; JSON.parse
// would round those beyond 2^53, so an integer literal outside Number's safe range is read as a
// BigInt, and a BigInt is written as an integer literal. Everything else is JSON.parse /
// JSON.stringify.

const MAYBE_UNSAFE = /\d{16}/;

/** Parses JSON text like JSON.parse, except that an integer literal outside
 * [-(2^53 - 1), 2^53 - 1] becomes a BigInt. Throws SyntaxError for text that is not JSON. */
export function parseJson(text: string): unknown {
  // Only a literal of 16 or more digits can be unsafe; a document without one (nearly all)
  // takes JSON.parse. A false alarm (digits in a string) costs only speed.
  if (!MAYBE_UNSAFE.test(text)) return JSON.parse(text);
  return new Parser(text).document();
}

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  document(): unknown {
    const value = this.value();
    this.space();
    if (this.at !== this.text.length) this.fail('unexpected text after the document');
    return value;
  }

  private fail(what: string): never {
    throw new SyntaxError(`JSON: ${what} at position ${this.at}`);
  }

  private space(): void {
    const t = this.text;
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.at++;
    }
  }

  private value(): unknown {
    this.space();
    const t = this.text;
    const c = t[this.at];
    if (c === '{') {
      this.at++;
      const out: Record<string, unknown> = {};
      this.space();
      if (t[this.at] === '}') { this.at++; return out; }
      for (;;) {
        this.space();
        if (t[this.at] !== '"') this.fail('expected a string key');
        const key = this.string();
        this.space();
        if (t[this.at] !== ':') this.fail("expected ':'");
        this.at++;
        const v = this.value();
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        this.space();
        if (t[this.at] === ',') { this.at++; continue; }
        if (t[this.at] === '}') { this.at++; return out; }
        this.fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      this.at++;
      const out: unknown[] = [];
      this.space();
      if (t[this.at] === ']') { this.at++; return out; }
      for (;;) {
        out.push(this.value());
        this.space();
        if (t[this.at] === ',') { this.at++; continue; }
        if (t[this.at] === ']') { this.at++; return out; }
        this.fail("expected ',' or ']'");
      }
    }
    if (c === '"') return this.string();
    if (t.startsWith('true', this.at)) { this.at += 4; return true; }
    if (t.startsWith('false', this.at)) { this.at += 5; return false; }
    if (t.startsWith('null', this.at)) { this.at += 4; return null; }
    return this.number();
  }

  private string(): string {
    // From the opening quote to the closing one, honouring escapes; JSON.parse does the decoding.
    const t = this.text;
    const start = this.at;
    this.at++;
    for (;;) {
      const i = t.indexOf('"', this.at);
      if (i < 0) this.fail('unterminated string');
      let backslashes = 0;
      for (let j = i - 1; j >= start + 1 && t.charCodeAt(j) === 0x5c; j--) backslashes++;
      this.at = i + 1;
      if (backslashes % 2 === 0) break;
    }
    return JSON.parse(t.slice(start, this.at)) as string;
  }

  private number(): number | bigint {
    const match = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    match.lastIndex = this.at;
    const m = match.exec(this.text);
    if (!m || m[0] === '' || m[0] === '-') this.fail('unexpected character');
    this.at += m[0].length;
    const literal = m[0];
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(literal);
      return Number.isSafeInteger(n) ? n : BigInt(literal);
    }
    return Number(literal);
  }
}
