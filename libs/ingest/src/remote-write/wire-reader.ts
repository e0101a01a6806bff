/**
 * The protobuf wire format, read straight off a Buffer. Hand-written rather than protobufjs
 * (or @bufbuild/protobuf, google-protobuf): every generated decoder materialises an object per
 * message, i.e. per sample, and remote_write's hot path must fill typed arrays without them.
 * The reader only moves a cursor and returns numbers; callers decide what each field means.
 */

/** A wire-level fault; the decoder adds where it happened and turns it into an IngestDecodeError. */
export class WireError extends Error {}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const TWO_POW_63 = 2 ** 63;
const TWO_POW_64 = 2 ** 64;

export class WireReader {
  pos = 0;

  constructor(readonly buf: Buffer) {}

  /** A varint that must fit 32 bits unsigned: tags and lengths. */
  uint32(end: number): number {
    const buf = this.buf;
    let pos = this.pos;
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= end) throw new WireError('truncated varint');
      const byte = buf[pos++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) {
        if (value > 0xffffffff) throw new WireError('varint does not fit 32 bits');
        this.pos = pos;
        return value;
      }
    }
    throw new WireError('varint does not fit 32 bits');
  }

  /**
   * An int64 varint as a number: exact up to 2^53 (epoch milliseconds need 41 bits); larger
   * magnitudes come out rounded, which only matters for values the limits refuse anyway.
   */
  int64(end: number): number {
    const buf = this.buf;
    let pos = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) throw new WireError('truncated varint');
      const byte = buf[pos++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.pos = pos;
        // Negative int64s are sent as their 64-bit two's complement.
        return value >= TWO_POW_63 ? value - TWO_POW_64 : value;
      }
      scale *= 128;
    }
    throw new WireError('varint longer than 10 bytes');
  }

  double(end: number): number {
    if (this.pos + 8 > end) throw new WireError('truncated double');
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Reads a length prefix and returns the end of the payload it announces. */
  lengthDelimited(end: number): number {
    const length = this.uint32(end);
    if (length > end - this.pos) throw new WireError(`length ${length} runs past the end of the enclosing message`);
    return this.pos + length;
  }

  /** Skips a field Vigil does not use; protobuf requires readers to ignore unknown fields. */
  skip(wireType: number, end: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.int64(end);
        return;
      case WIRE_FIXED64:
        if (this.pos + 8 > end) throw new WireError('truncated fixed64');
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.pos = this.lengthDelimited(end);
        return;
      case WIRE_FIXED32:
        if (this.pos + 4 > end) throw new WireError('truncated fixed32');
        this.pos += 4;
        return;
      default:
        // 3 and 4 are proto2 groups, which no remote_write message uses; 6 and 7 do not exist.
        throw new WireError(`invalid wire type ${wireType}`);
    }
  }
}

/** Field number of a tag, refusing 0, which protobuf reserves. */
export function fieldNumber(tag: number): number {
  const field = tag >>> 3;
  if (field === 0) throw new WireError('field number 0');
  return field;
}
