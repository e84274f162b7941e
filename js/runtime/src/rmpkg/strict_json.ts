// JSON as the C++ reader parses it (src/core/json_reader.cpp: nlohmann's strict parser plus its
// own rules), so that manifest.json and meta/checksums.json are refused by both readers alike.
// JSON.parse alone is laxer: it keeps the last of two equal keys, accepts lone surrogate
// escapes, any nesting depth and integers beyond 64 bits. This validates the text first, then
// JSON.parse builds the value. I/O-free.
//
// Messages: the C++ reader's own rules (duplicate key, depth, 64-bit integers) give its exact
// text, JSON path included ("duplicate key \"a\" at $.nodes[0].a"); plain syntax errors give
// line and column in words of our own (nlohmann's are not reproduced).

/** Deeper documents are refused (kMaxJsonDepth): at most this many nested containers. */
export const MAX_JSON_DEPTH = 256;

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

export interface StrictJson {
  readonly value: unknown;
  /** The document as text (UTF-8 decoded, a leading BOM dropped). */
  readonly text: string;
  /** For a top-level object: each member's value as [start, end) offsets into `text`. */
  readonly members: ReadonlyMap<string, readonly [number, number]>;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

// One open container, as ValueBuilder's stack sees it: a list's next index or a map's pending key.
type Frame = { list: true; count: number } | { list: false; key: string };

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

class Scanner {
  pos = 0;
  readonly members = new Map<string, readonly [number, number]>();
  private readonly stack: Frame[] = [];

  constructor(private readonly text: string) {}

  // A failure of the C++ reader's own rules: its message, then " at " and the JSON path of the
  // value concerned (src/core/json_path.cpp notation).
  failAt(what: string): never {
    let path = '$';
    for (const frame of this.stack) {
      if (frame.list) {
        path += `[${frame.count}]`;
      } else if (isIdentifier(frame.key)) {
        path += `.${frame.key}`;
      } else {
        path += `["${frame.key.replace(/["\\]/g, '\\$&')}"]`;
      }
    }
    throw new JsonSyntaxError(`${what} at ${path}`);
  }

  fail(what: string): never {
    let line = 1;
    let column = 1;
    for (let i = 0; i < this.pos && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 0x0a) {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    throw new JsonSyntaxError(`${what} at line ${line}, column ${column}`);
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  document(): void {
    this.ws();
    this.value(0, true);
    this.ws();
    if (this.pos !== this.text.length) this.fail('unexpected text after the JSON value');
  }

  value(depth: number, top = false): void {
    const t = this.text;
    if (this.pos >= t.length) this.fail('unexpected end of input');
    const c = t[this.pos]!;
    if (c === '{') return this.object(depth, top);
    if (c === '[') return this.array(depth);
    if (c === '"') {
      this.string();
      return this.added();
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      this.number();
      return this.added();
    }
    for (const word of ['true', 'false', 'null']) {
      if (t.startsWith(word, this.pos)) {
        this.pos += word.length;
        return this.added();
      }
    }
    this.fail('unexpected character');
  }

  open(depth: number): void {
    if (depth >= MAX_JSON_DEPTH) this.failAt(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    this.pos++;
    this.ws();
  }

  // After a value: the enclosing list's next index moves on.
  added(): void {
    const top = this.stack[this.stack.length - 1];
    if (top?.list) top.count++;
  }

  object(depth: number, top: boolean): void {
    this.open(depth);
    const keys = new Set<string>();
    const frame: Frame = { list: false, key: '' };
    this.stack.push(frame);
    if (this.text[this.pos] === '}') {
      this.pos++;
      this.stack.pop();
      return this.added();
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      frame.key = key;
      if (keys.has(key)) this.failAt(`duplicate key "${key}"`);
      keys.add(key);
      this.ws();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      this.ws();
      const start = this.pos;
      this.value(depth + 1);
      if (top) this.members.set(key, [start, this.pos]);
      this.ws();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') {
        this.stack.pop();
        return this.added();
      }
      if (next !== ',') {
        this.pos--;
        this.fail("expected ',' or '}'");
      }
      this.ws();
    }
  }

  array(depth: number): void {
    this.open(depth);
    this.stack.push({ list: true, count: 0 });
    if (this.text[this.pos] === ']') {
      this.pos++;
      this.stack.pop();
      return this.added();
    }
    for (;;) {
      this.value(depth + 1);
      this.ws();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') {
        this.stack.pop();
        return this.added();
      }
      if (next !== ',') {
        this.pos--;
        this.fail("expected ',' or ']'");
      }
      this.ws();
    }
  }

  // Returns the decoded string; this.pos is at the opening quote.
  string(): string {
    const t = this.text;
    const start = this.pos++;
    for (;;) {
      if (this.pos >= t.length) this.fail('unterminated string');
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in a string');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      const e = t[this.pos + 1];
      if (e !== undefined && '"\\/bfnrt'.includes(e)) {
        this.pos += 2;
        continue;
      }
      if (e !== 'u') this.fail('invalid escape in a string');
      const unit = this.hex4(this.pos + 2);
      this.pos += 6;
      if (unit >= 0xdc00 && unit <= 0xdfff) {
        this.fail('surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF');
      }
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const low = t[this.pos] === '\\' && t[this.pos + 1] === 'u' ? this.hex4(this.pos + 2) : -1;
        if (low < 0xdc00 || low > 0xdfff) {
          this.fail('surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF');
        }
        this.pos += 6;
      }
    }
    this.pos++;
    return JSON.parse(t.slice(start, this.pos)) as string;
  }

  hex4(at: number): number {
    const digits = this.text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail("'\\u' must be followed by 4 hex digits");
    return parseInt(digits, 16);
  }

  number(): void {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('invalid number');
    if (match[1] === undefined && match[2] === undefined) {
      const n = BigInt(match[0]);
      if (n < INT64_MIN || n > INT64_MAX) {
        this.failAt(`integer ${match[0]} does not fit in a signed 64-bit int`);
      }
    }
    this.pos += match[0].length;
  }
}

/** Parses `bytes` as the C++ reader does, or throws JsonSyntaxError saying why and where. */
export function parseStrictJson(bytes: Uint8Array): StrictJson {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new JsonSyntaxError('ill-formed UTF-8');
  }
  const scanner = new Scanner(text);
  scanner.document();
  return { value: JSON.parse(text), text, members: scanner.members };
}
