// JSON form of a card verification report: bytes become base64 (the face image) or hex
// (raw DG13 fields), so the report can be printed, stored or sent over HTTP.
import { toBase64, toHex } from './codec/bytes.js';
import type { CardVerificationReport } from './verify.js';

export type CardVerificationReportJson = Omit<CardVerificationReport, 'face' | 'faceImage' | 'dg13' | 'cardAccess' | 'dg14'> & {
  face: Omit<NonNullable<CardVerificationReport['face']>, 'data'> & { bytes: number } | null;
  faceImage: { mimeType: string; base64: string } | null;
  dg13: (Omit<NonNullable<CardVerificationReport['dg13']>, 'unknownFields'> & { unknownFields: { fieldNumber: number; valueHex: string }[] }) | null;
  cardAccess?: { kind: string; protocol: string }[];
  dg14?: { kind: string; protocol: string }[];
};

/** Converts a report to plain JSON values. */
export function cardVerificationReportToJson(report: CardVerificationReport): CardVerificationReportJson {
  const { face, faceImage, dg13, cardAccess, dg14, ...rest } = report;
  const json: CardVerificationReportJson = {
    ...rest,
    face: face === null ? null : { ...withoutData(face), bytes: face.data.length },
    faceImage: faceImage === null ? null : { mimeType: faceImage.mimeType, base64: toBase64(faceImage.data) },
    dg13: dg13 === null ? null : { ...dg13, unknownFields: dg13.unknownFields.map((field) => ({ fieldNumber: field.fieldNumber, valueHex: toHex(field.value) })) },
  };

  if (cardAccess !== undefined) json.cardAccess = cardAccess.map(({ kind, protocol }) => ({ kind, protocol }));
  if (dg14 !== undefined) json.dg14 = dg14.map(({ kind, protocol }) => ({ kind, protocol }));

  return json;
}

function withoutData<T extends { data: Uint8Array }>(value: T): Omit<T, 'data'> {
  const { data, ...rest } = value;
  void data;
  return rest;
}
