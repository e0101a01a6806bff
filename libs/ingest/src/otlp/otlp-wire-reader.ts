import * as protobuf from 'protobufjs';
import { fieldNumber, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, WireError, WireReader } from '../remote-write/wire-reader';
import type { AnyValue, InstrumentationScope, KeyValue, LongLike, Resource } from './otlp-messages';
import { anyValueToString, unsignedNanosToMillis } from './otlp-values';

/*
 * What every OTLP message shares (common/v1/common.proto: Resource, InstrumentationScope,
 * KeyValue, AnyValue) read straight off the wire into the plain shapes protobufjs' decoder gives
 * (otlp-messages.ts); the logs and metrics readers extend it. Same rules as protobufjs: unknown
 * fields skipped, strings strictly UTF-8, 64-bit integer values as Long (times as milliseconds),
 * the last of a repeated singular field wins. Unlike protobufjs, a known field with the wrong
 * wire type is refused (protobufjs reads on and misreads it).
 */

/** protobuf's default recursion limit, for AnyValue arrays and kvlists nested in each other. */
const MAX_DEPTH = 100;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const TWO_POW_32 = 2 ** 32;
/** AnyValue.string_value (field 1, length-delimited) as its one-byte tag. */
const STRING_VALUE_TAG = (1 << 3) | WIRE_LEN;
const Long = protobuf.util.Long as unknown as { fromBits(low: number, high: number, unsigned: boolean): LongLike };

export class OtlpWireReader extends WireReader {
  /** The end of a length-delimited field, after checking the tag says length-delimited. */
  message(tag: number, field: string, end: number): number {
    if ((tag & 7) !== WIRE_LEN) throw new WireError(`${field}: wire type ${tag & 7}, expected ${WIRE_LEN}`);
    return this.lengthDelimited(end);
  }

  protected expectWireType(tag: number, wireType: number, field: string): void {
    if ((tag & 7) !== wireType) throw new WireError(`${field}: wire type ${tag & 7}, expected ${wireType}`);
  }

  protected resource(end: number): Resource {
    const attributes: KeyValue[] = [];
    while (this.pos < end) {
      const tag = this.uint32(end);
      if (fieldNumber(tag) === 1) this.keyValues(this.message(tag, 'resource.attributes', end), 0, attributes);
      else this.skip(tag & 7, end);
    }
    return { attributes };
  }

  protected scope(end: number): InstrumentationScope {
    const scope: InstrumentationScope = { name: '', version: '', attributes: [] };
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) scope.name = this.string(tag, 'scope.name', end);
      else if (field === 2) scope.version = this.string(tag, 'scope.version', end);
      else if (field === 3) this.keyValues(this.message(tag, 'scope.attributes', end), 0, scope.attributes as KeyValue[]);
      else this.skip(tag & 7, end);
    }
    return scope;
  }

  /** One KeyValue message (ending at `end`), appended to `into`. */
  protected keyValues(end: number, depth: number, into: KeyValue[]): KeyValue[] {
    let key = '';
    let value: AnyValue | null = null;
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = fieldNumber(tag);
      if (field === 1) key = this.string(tag, 'key', end);
      else if (field === 2) value = this.anyValue(this.message(tag, 'value', end), depth + 1);
      else this.skip(tag & 7, end);
    }
    into.push({ key, value });
    return into;
  }

  /**
   * An AnyValue (ending at `end`) as its text (anyValueToString's), without an AnyValue object
   * when it is one string_value, the usual body and attribute.
   */
  protected anyValueText(end: number, depth: number): string {
    const start = this.pos;
    if (start < end && this.buf[start] === STRING_VALUE_TAG) {
      const text = this.string(this.uint32(end), 'string_value', end);
      if (this.pos === end) return text;
      this.pos = start;
    }
    return anyValueToString(this.anyValue(end, depth));
  }

  protected anyValue(end: number, depth: number): AnyValue {
    if (depth > MAX_DEPTH) throw new WireError(`values nested deeper than ${MAX_DEPTH}`);
    let value: AnyValue = {};
    while (this.pos < end) {
      const tag = this.uint32(end);
      switch (fieldNumber(tag)) {
        case 1:
          value = { value: 'stringValue', stringValue: this.string(tag, 'string_value', end) };
          break;
        case 2:
          this.expectWireType(tag, WIRE_VARINT, 'bool_value');
          value = { value: 'boolValue', boolValue: this.int64(end) !== 0 };
          break;
        case 3:
          this.expectWireType(tag, WIRE_VARINT, 'int_value');
          value = { value: 'intValue', intValue: this.varint64(end, false) };
          break;
        case 4:
          this.expectWireType(tag, WIRE_FIXED64, 'double_value');
          value = { value: 'doubleValue', doubleValue: this.double(end) };
          break;
        case 5:
          value = { value: 'arrayValue', arrayValue: { values: this.anyValues(this.message(tag, 'array_value', end), depth + 1) } };
          break;
        case 6:
          value = { value: 'kvlistValue', kvlistValue: { values: this.keyValueList(this.message(tag, 'kvlist_value', end), depth + 1) } };
          break;
        case 7:
          value = { value: 'bytesValue', bytesValue: this.bytes(tag, 'bytes_value', end) };
          break;
        default:
          this.skip(tag & 7, end);
      }
    }
    return value;
  }

  /** ArrayValue: repeated AnyValue values = 1. */
  private anyValues(end: number, depth: number): AnyValue[] {
    const values: AnyValue[] = [];
    while (this.pos < end) {
      const tag = this.uint32(end);
      if (fieldNumber(tag) === 1) values.push(this.anyValue(this.message(tag, 'array_value.values', end), depth + 1));
      else this.skip(tag & 7, end);
    }
    return values;
  }

  /** KeyValueList: repeated KeyValue values = 1. */
  private keyValueList(end: number, depth: number): KeyValue[] {
    const values: KeyValue[] = [];
    while (this.pos < end) {
      const tag = this.uint32(end);
      if (fieldNumber(tag) === 1) this.keyValues(this.message(tag, 'kvlist_value.values', end), depth + 1, values);
      else this.skip(tag & 7, end);
    }
    return values;
  }

  protected string(tag: number, field: string, end: number): string {
    return this.stringUntil(this.message(tag, field, end), field);
  }

  /** The string payload from here to `stop` (its length already read). */
  protected stringUntil(stop: number, field: string): string {
    const buf = this.buf;
    const start = this.pos;
    this.pos = stop;
    // Mostly ASCII (keys, service names, log lines): a byte scan and latin1Slice beat TextDecoder.
    for (let index = start; index < stop; index++) {
      if ((buf[index] as number) >= 0x80) {
        try {
          return strictUtf8.decode(buf.subarray(start, stop));
        } catch {
          throw new WireError(`${field}: invalid UTF-8`);
        }
      }
    }
    return buf.toString('latin1', start, stop);
  }

  protected bytes(tag: number, field: string, end: number): Uint8Array {
    const stop = this.message(tag, field, end);
    const bytes = this.buf.subarray(this.pos, stop);
    this.pos = stop;
    return bytes;
  }

  /**
   * A fixed64 count of nanoseconds since the epoch (time_unix_nano) as whole milliseconds, exactly
   * (nanosToMillis' arithmetic on the two halves), without a Long object per timestamp.
   */
  protected fixed64Millis(tag: number, field: string, end: number): number {
    this.expectWireType(tag, WIRE_FIXED64, field);
    if (this.pos + 8 > end) throw new WireError(`${field}: truncated fixed64`);
    const low = this.buf.readUInt32LE(this.pos);
    const high = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    return unsignedNanosToMillis(high, low);
  }

  /** A varint as a Long of its 64 bits, exact (int_value attributes may exceed 2^53). */
  protected varint64(end: number, unsigned: boolean): LongLike {
    this.varintHalves(end);
    return Long.fromBits(this.low, this.high, unsigned);
  }

  /** An int32 or enum varint as protobufjs reads it: the low 32 bits, signed (negatives come sign-extended). */
  protected int32(tag: number, field: string, end: number): number {
    this.expectWireType(tag, WIRE_VARINT, field);
    this.varintHalves(end);
    return this.low;
  }

  /** A uint32 varint (flags), the low 32 bits as protobufjs reads them. */
  protected uint32Field(tag: number, field: string, end: number): number {
    return this.int32(tag, field, end) >>> 0;
  }

  /** A sint32 varint (zigzag), as protobufjs reads it. */
  protected sint32(tag: number, field: string, end: number): number {
    const zigzag = this.int32(tag, field, end);
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  protected bool(tag: number, field: string, end: number): boolean {
    return this.int32(tag, field, end) !== 0;
  }

  protected doubleField(tag: number, field: string, end: number): number {
    this.expectWireType(tag, WIRE_FIXED64, field);
    return this.double(end);
  }

  /**
   * A fixed64 or sfixed64 as a number, the value protobufjs' Long#toNumber gives (exact up to
   * 2^53): counts and integer points need no Long object each.
   */
  protected fixed64Number(tag: number, field: string, end: number, signed: boolean): number {
    this.expectWireType(tag, WIRE_FIXED64, field);
    return this.fixed64Value(end, signed);
  }

  /**
   * A repeated scalar, packed (one length-delimited run, as every current encoder writes it) or
   * not (one field per element, which protobuf readers must accept as well), appended to `into`.
   */
  protected repeated(tag: number, field: string, end: number, wireType: number, readOne: (end: number) => number, into: number[]): void {
    if ((tag & 7) === WIRE_LEN) {
      const stop = this.lengthDelimited(end);
      while (this.pos < stop) into.push(readOne(stop));
      return;
    }
    this.expectWireType(tag, wireType, field);
    into.push(readOne(end));
  }

  /** One unsigned fixed64 element of a packed run, as a number. */
  protected readonly fixed64Element = (end: number): number => this.fixed64Value(end, false);

  /** One double element of a packed run. */
  protected readonly doubleElement = (end: number): number => this.double(end);

  /** One uint64 varint element of a packed run, as a number (Long#toNumber's value). */
  protected readonly uint64Element = (end: number): number => {
    this.varintHalves(end);
    return (this.high >>> 0) * TWO_POW_32 + (this.low >>> 0);
  };

  private fixed64Value(end: number, signed: boolean): number {
    if (this.pos + 8 > end) throw new WireError('truncated fixed64');
    const low = this.buf.readUInt32LE(this.pos);
    const high = signed ? this.buf.readInt32LE(this.pos + 4) : this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    return high * TWO_POW_32 + low;
  }

  /** The two 32-bit halves of the last varint read by varintHalves (fields, so no object per varint). */
  private low = 0;
  private high = 0;

  private varintHalves(end: number): void {
    const buf = this.buf;
    let low = 0;
    let high = 0;
    for (let index = 0; index < 10; index++) {
      if (this.pos >= end) throw new WireError('truncated varint');
      const byte = buf[this.pos++] as number;
      const bits = byte & 0x7f;
      const shift = index * 7;
      if (shift < 28) low |= bits << shift;
      else if (shift === 28) {
        low |= (bits & 0x0f) << 28;
        high |= bits >>> 4;
      } else high |= bits << (shift - 32);
      if (byte < 0x80) {
        this.low = low | 0;
        this.high = high | 0;
        return;
      }
    }
    throw new WireError('varint longer than 10 bytes');
  }
}
