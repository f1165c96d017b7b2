import { crc32 } from "node:zlib"

// The USDZ container: a zip archive whose entries are stored (never compressed), the USD layer first, and
// every entry's data starting at a multiple of 64 bytes from the start of the file, so a reader can map the
// files in place. The padding goes into the local header's extra field, as Pixar's own `usdzip` does.

export interface ArchiveEntry {
  readonly name: string
  readonly data: Uint8Array
}

const ALIGNMENT = 64
/** The extra-field id `usdzip` pads with; readers skip extra fields they do not know. */
const PADDING_FIELD_ID = 0x1986
const LOCAL_HEADER = 30
const CENTRAL_HEADER = 46
const END_OF_CENTRAL_DIRECTORY = 22
/** 1980-01-01 00:00 in DOS format: a fixed time keeps the archive a function of its content. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1
const DOS_TIME = 0
const VERSION_STORED = 10

/** Extra-field bytes that move the data to the next 64-byte boundary (0, or at least the 4-byte field header). */
const paddingFor = (dataOffsetWithoutExtra: number): number => {
  const pad = (ALIGNMENT - (dataOffsetWithoutExtra % ALIGNMENT)) % ALIGNMENT
  return pad === 0 ? 0 : pad < 4 ? pad + ALIGNMENT : pad
}

/** Writes a stored, 64-byte-aligned zip of `entries`, in the order given (the first is the USD layer). */
export const writeUsdzArchive = (entries: ReadonlyArray<ArchiveEntry>): Uint8Array => {
  const encoder = new TextEncoder()
  const prepared = entries.map((entry) => ({ ...entry, nameBytes: encoder.encode(entry.name), crc: crc32(entry.data) }))
  let offset = 0
  const layout = prepared.map((entry) => {
    const padding = paddingFor(offset + LOCAL_HEADER + entry.nameBytes.length)
    const at = { ...entry, headerOffset: offset, padding }
    offset += LOCAL_HEADER + entry.nameBytes.length + padding + entry.data.length
    return at
  })
  const centralStart = offset
  const centralSize = layout.reduce((n, e) => n + CENTRAL_HEADER + e.nameBytes.length, 0)
  if (centralStart + centralSize > 0xffffffff || layout.length > 0xffff) throw new Error("USDZ archive too large")
  const out = new Uint8Array(centralStart + centralSize + END_OF_CENTRAL_DIRECTORY)
  const view = new DataView(out.buffer)

  for (const e of layout) {
    let p = e.headerOffset
    view.setUint32(p, 0x04034b50, true)
    view.setUint16(p + 4, VERSION_STORED, true)
    view.setUint16(p + 6, 0, true) // flags
    view.setUint16(p + 8, 0, true) // method: stored
    view.setUint16(p + 10, DOS_TIME, true)
    view.setUint16(p + 12, DOS_DATE, true)
    view.setUint32(p + 14, e.crc, true)
    view.setUint32(p + 18, e.data.length, true)
    view.setUint32(p + 22, e.data.length, true)
    view.setUint16(p + 26, e.nameBytes.length, true)
    view.setUint16(p + 28, e.padding, true)
    out.set(e.nameBytes, p + LOCAL_HEADER)
    p += LOCAL_HEADER + e.nameBytes.length
    if (e.padding > 0) {
      view.setUint16(p, PADDING_FIELD_ID, true)
      view.setUint16(p + 2, e.padding - 4, true) // the rest stays zero
    }
    out.set(e.data, p + e.padding)
  }

  let p = centralStart
  for (const e of layout) {
    view.setUint32(p, 0x02014b50, true)
    view.setUint16(p + 4, VERSION_STORED, true) // made by
    view.setUint16(p + 6, VERSION_STORED, true) // needed
    view.setUint16(p + 8, 0, true)
    view.setUint16(p + 10, 0, true)
    view.setUint16(p + 12, DOS_TIME, true)
    view.setUint16(p + 14, DOS_DATE, true)
    view.setUint32(p + 16, e.crc, true)
    view.setUint32(p + 20, e.data.length, true)
    view.setUint32(p + 24, e.data.length, true)
    view.setUint16(p + 28, e.nameBytes.length, true)
    // extra length, comment length, disk number, internal and external attributes: all zero
    view.setUint32(p + 42, e.headerOffset, true)
    out.set(e.nameBytes, p + CENTRAL_HEADER)
    p += CENTRAL_HEADER + e.nameBytes.length
  }

  view.setUint32(p, 0x06054b50, true)
  view.setUint16(p + 8, layout.length, true)
  view.setUint16(p + 10, layout.length, true)
  view.setUint32(p + 12, centralSize, true)
  view.setUint32(p + 16, centralStart, true)
  return out
}
