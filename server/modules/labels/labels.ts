// Printable labels for boundary markers (界桩) and place-name signs: the record's name and key facts
// in Chinese with a QR code of its permalink (scanning opens the public card; signed-in staff land
// on the edit form). One label as PNG (SVG rendered by sharp/librsvg) or PDF (pdfkit), and A4
// sheets of ten labels for all markers of a line or all names of a town. QR codes by `qrcode`;
// Chinese text in Noto Sans CJK (fonts-noto-cjk, installed by the bootstrap). Rendering is heavy (a
// CJK font per document, hundreds of QR codes on a sheet): it runs in the work pool (renderLabels,
// server/modules/work/), never on the event loop.
import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { escapeMarkup as escapeXml, printableLine } from '../../contract/text.ts';
import { AppError } from '../../errors.ts';

export interface Label {
  /** 界桩 / 地名 */
  kindZh: string;
  title: string;
  subtitle: string;
  lines: string[];
  url: string;
}

const FONT_FILES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
];
const FONT_FAMILY = 'Noto Sans CJK SC';

let fontBytes: Buffer | undefined;
/** The font file's bytes, read once (a CJK collection is ~20 MB). */
function font(): Buffer {
  fontBytes ??= readFileSync(fontFile());
  return fontBytes;
}

function fontFile(): string {
  const file = FONT_FILES.find((f) => existsSync(f));
  if (!file)
    throw new AppError(
      500,
      'internal',
      'Labels need the Chinese font fonts-noto-cjk (apt-get install fonts-noto-cjk); npm start installs it as root.',
    );
  return file;
}

// Label geometry in millimetres: 90 × 50, QR 40 mm on the left.
const W = 90;
const H = 50;
const QR = 40;
const PAD = 5;

/** A label's text as it can be drawn: every field one line without control characters. */
function printable(label: Label): Label {
  return {
    kindZh: printableLine(label.kindZh),
    title: printableLine(label.title),
    subtitle: printableLine(label.subtitle),
    lines: label.lines.map(printableLine),
    url: label.url,
  };
}

/** What the work pool's 'render-labels' job gets: the labels and how to lay them out. */
export interface LabelJob {
  layout: 'png' | 'pdf' | 'sheet';
  labels: Label[];
}

/** One label as PNG or PDF, or A4 sheets of all of them (the job of the work pool). */
export async function renderLabels(job: LabelJob): Promise<Uint8Array> {
  const labels = job.labels.map(printable);
  if (job.layout === 'sheet') return labelSheetPdf(labels);
  const [label] = labels;
  if (!label) throw new Error('no label to render');
  return job.layout === 'png' ? labelPng(label) : labelPdf(label);
}

/** One label as PNG at `dpi` (300 prints sharp; the QR keeps a quiet zone of 4 modules). */
export async function labelPng(label: Label, dpi = 300): Promise<Buffer> {
  fontFile();
  const scale = dpi / 25.4;
  const qr = QRCode.create(label.url, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const cell = QR / (size + 8);
  let rects = '';
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if (qr.modules.get(x, y))
        // A hair wider than the module, so neighbours meet without a white seam.
        rects += `<rect x="${(PAD + (x + 4) * cell).toFixed(3)}" y="${(PAD + (y + 4) * cell).toFixed(3)}" width="${(cell + 0.02).toFixed(3)}" height="${(cell + 0.02).toFixed(3)}"/>`;
  const textX = PAD + QR + 3;
  const text = [
    `<text x="${textX}" y="${PAD + 5}" font-size="3.2" fill="#555">${escapeXml(label.kindZh)}</text>`,
    `<text x="${textX}" y="${PAD + 14}" font-size="8" font-weight="bold">${escapeXml(label.title)}</text>`,
    `<text x="${textX}" y="${PAD + 20}" font-size="3.4">${escapeXml(label.subtitle)}</text>`,
    ...label.lines.map(
      (line, i) => `<text x="${textX}" y="${PAD + 27 + i * 4.6}" font-size="3">${escapeXml(line)}</text>`,
    ),
    `<text x="${textX}" y="${H - PAD}" font-size="2.6" fill="#555">扫码查看 · Scan for the record</text>`,
  ].join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.round(W * scale)}" height="${Math.round(H * scale)}" viewBox="0 0 ${W} ${H}">
    <rect width="${W}" height="${H}" fill="#fff"/>
    <rect x="0.3" y="0.3" width="${W - 0.6}" height="${H - 0.6}" fill="none" stroke="#999" stroke-width="0.3"/>
    <g fill="#000" shape-rendering="crispEdges">${rects}</g>
    <g font-family="${FONT_FAMILY}" fill="#000">${text}</g></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const MM = 72 / 25.4; // PDF points per millimetre

function drawLabel(doc: PDFKit.PDFDocument, label: Label, left: number, top: number): void {
  const qr = QRCode.create(label.url, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const cell = (QR / (size + 8)) * MM;
  doc
    .rect(left * MM, top * MM, W * MM, H * MM)
    .lineWidth(0.5)
    .strokeColor('#999999')
    .stroke();
  doc.fillColor('#000000');
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if (qr.modules.get(x, y))
        doc.rect((left + PAD) * MM + (x + 4) * cell, (top + PAD) * MM + (y + 4) * cell, cell, cell).fill();
  const x = (left + PAD + QR + 3) * MM;
  const width = (W - PAD * 2 - QR - 3) * MM;
  doc
    .font('cjk')
    .fillColor('#555555')
    .fontSize(9)
    .text(label.kindZh, x, (top + PAD + 1) * MM, { width });
  doc
    .fillColor('#000000')
    .fontSize(20)
    .text(label.title, x, (top + PAD + 6) * MM, { width, lineBreak: false });
  doc.fontSize(9.5).text(label.subtitle, x, (top + PAD + 16) * MM, { width, lineBreak: false });
  label.lines.forEach((line, i) => {
    doc.fontSize(8.5).text(line, x, (top + PAD + 23 + i * 4.6) * MM, { width, lineBreak: false });
  });
  doc
    .fillColor('#555555')
    .fontSize(7)
    .text('扫码查看 · Scan for the record', x, (top + H - PAD - 3) * MM, { width, lineBreak: false });
}

async function pdfBuffer(
  build: (doc: PDFKit.PDFDocument) => void,
  size: [number, number] | 'A4',
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: size === 'A4' ? 'A4' : [size[0] * MM, size[1] * MM],
    margin: 0,
    autoFirstPage: true,
    info: { Title: 'Civic Atlas labels', Producer: 'Civic Atlas' },
  });
  doc.registerFont('cjk', font(), 'NotoSansCJKsc-Regular');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  build(doc);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** One label on a page of its own size (for a label printer). */
export function labelPdf(label: Label): Promise<Buffer> {
  return pdfBuffer((doc) => drawLabel(doc, label, 0, 0), [W, H]);
}

// A4 (210 × 297 mm): two columns, five rows of 90 × 50 mm labels, cut lines on the borders.
const COLUMNS = 2;
const ROWS = 5;
const SHEET_LEFT = (210 - COLUMNS * W - 6) / 2;
const SHEET_TOP = (297 - ROWS * H - 4 * 4) / 2;

/** A4 sheets of labels, ten to a page, in the given order. */
export function labelSheetPdf(labels: Label[]): Promise<Buffer> {
  return pdfBuffer((doc) => {
    labels.forEach((label, i) => {
      const onPage = i % (COLUMNS * ROWS);
      if (i > 0 && onPage === 0) doc.addPage({ size: 'A4', margin: 0 });
      const column = onPage % COLUMNS;
      const row = Math.floor(onPage / COLUMNS);
      drawLabel(doc, label, SHEET_LEFT + column * (W + 6), SHEET_TOP + row * (H + 4));
    });
    if (labels.length === 0) doc.font('cjk').fontSize(12).text('没有可打印的标签 · Nothing to print', 72, 72);
  }, 'A4');
}
