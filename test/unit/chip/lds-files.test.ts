import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

import { PNG } from 'pngjs';

import { concatBytes, fromHex } from '../../../src/chip/codec/bytes.js';
import { isChipError } from '../../../src/chip/errors.js';
import { parseDg1 } from '../../../src/chip/lds/dg1.js';
import { parseDg2 } from '../../../src/chip/lds/dg2.js';
import { parseCardAccess, parseDg14 } from '../../../src/chip/lds/dg14.js';
import { loadDg15PublicKey, parseDg15 } from '../../../src/chip/lds/dg15.js';
import { parseEfCom } from '../../../src/chip/lds/ef-com.js';
import { faceImageForBrowser } from '../../../src/chip/lds/face-image.js';
import { OID_PK_ECDH } from '../../../src/chip/lds/oids.js';
import {
  CA_ECDH_AES_128, PACE_ECDH_GM_AES_128, buildCardAccess, buildDg1, buildDg14, buildDg15, buildDg2, buildEfCom,
} from '../../../src/sim/lds-builder.js';
import { cccdMrz, SAMPLE_PERSON, syntheticFaceImage } from '../../../src/sim/document-files.js';
import { generateKeyPair } from '../../../src/sim/x509-builder.js';

// EF.CardAccess of a CCCD as decoded in NghiaLio/NFC_CCCD_Reader lib/src/core/nfc_constants.dart.
const CCCD_CARD_ACCESS = '3134300D060804007F0007020202020101300F060A04007F00070202030202020101'
  + '3012060A04007F0007020204020202010202010D';

// EF.COM from ICAO Doc 9303 Part 11 Appendix D.4.
const DOC9303_EF_COM = '60145F0104303130365F36063034303030305C026175';

describe('EF.COM', () => {
  it('parses the Doc 9303 Appendix D example', () => {
    const com = parseEfCom(fromHex(DOC9303_EF_COM));

    assert.deepEqual(com, { ldsVersion: '0106', unicodeVersion: '040000', dataGroups: [1, 2] });
  });

  it('round-trips a CCCD tag list', () => {
    const com = parseEfCom(buildEfCom([1, 2, 3, 13, 15, 14]));

    assert.deepEqual(com.dataGroups, [1, 2, 3, 13, 15, 14]);
  });

  it('rejects a tag that is no data group', () => {
    // Tag list 61 99: 99 is not a data group tag.
    assert.throws(() => parseEfCom(fromHex('60145F0104303130375F36063034303030305C026199')),
      (error: unknown) => isChipError(error, 'LDS_INVALID'));
  });
});

describe('SecurityInfos', () => {
  it('decodes the CCCD EF.CardAccess', () => {
    const infos = parseCardAccess(fromHex(CCCD_CARD_ACCESS));

    assert.deepEqual(infos.map((info) => info.kind), ['TerminalAuthenticationInfo', 'ChipAuthenticationInfo', 'PACEInfo']);
    const pace = infos[2];
    assert.equal(pace?.kind, 'PACEInfo');
    assert.equal(pace.kind === 'PACEInfo' && pace.parameterId, 13);
    assert.equal(pace.kind === 'PACEInfo' && pace.version, 2);
    assert.equal(pace.kind === 'PACEInfo' && pace.protocolName.name, 'id-PACE-ECDH-GM-AES-CBC-CMAC-128');
    const ca = infos[1];
    assert.equal(ca?.kind === 'ChipAuthenticationInfo' && ca.protocolName.name, 'id-CA-ECDH-AES-CBC-CMAC-128');
  });

  it('builds the same CCCD EF.CardAccess bytes', () => {
    assert.deepEqual(buildCardAccess(), fromHex(CCCD_CARD_ACCESS));
  });

  it('decodes DG14 with a chip authentication key and keeps unknown infos raw', () => {
    const key = generateKeyPair({ type: 'ec', curve: 'brainpoolP256r1' });
    const unknown = fromHex('300A06052B06010203040101');
    const infos = parseDg14(buildDg14([
      { kind: 'ChipAuthenticationPublicKeyInfo', protocol: OID_PK_ECDH, publicKeyInfo: key.publicKeyInfo, keyId: 7 },
      { kind: 'ChipAuthenticationInfo', protocol: CA_ECDH_AES_128, version: 1, keyId: 7 },
      { kind: 'PACEInfo', protocol: PACE_ECDH_GM_AES_128, version: 2, parameterId: 13 },
      { kind: 'ActiveAuthenticationInfo', signatureAlgorithm: '0.4.0.127.0.7.1.1.4.1.3' },
      { kind: 'raw', encoded: unknown },
    ]));

    const publicKey = infos.find((info) => info.kind === 'ChipAuthenticationPublicKeyInfo');
    assert.ok(publicKey?.kind === 'ChipAuthenticationPublicKeyInfo');
    assert.deepEqual(publicKey.publicKeyInfo, key.publicKeyInfo);
    assert.equal(publicKey.keyId, 7);
    const active = infos.find((info) => info.kind === 'ActiveAuthenticationInfo');
    assert.equal(active?.kind === 'ActiveAuthenticationInfo' && active.signatureAlgorithm, '0.4.0.127.0.7.1.1.4.1.3');
    const raw = infos.find((info) => info.kind === 'unknown');
    assert.deepEqual(raw?.encoded, unknown);
  });
});

describe('DG1', () => {
  it('splits a TD1 MRZ into three lines', () => {
    const lines = cccdMrz(SAMPLE_PERSON);
    const dg1 = parseDg1(buildDg1(lines));

    assert.deepEqual(dg1.lines, lines);
    assert.equal(dg1.lines[0], 'IDVNM0990123459001099012345<<0');
  });

  it('rejects an MRZ of the wrong length', () => {
    assert.throws(() => parseDg1(fromHex('61075F1F04414243443C')), (error: unknown) => isChipError(error));
  });
});

describe('DG15', () => {
  it('loads an RSA key', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const dg15 = parseDg15(buildDg15(new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }))));

    assert.equal(dg15.keyType, 'rsa');
    assert.equal(dg15.keySize, 1024);
  });

  it('loads an EC key with explicit brainpool parameters', () => {
    const key = generateKeyPair({ type: 'ec', curve: 'brainpoolP256r1', explicitParameters: true });
    const dg15 = parseDg15(buildDg15(key.publicKeyInfo));

    assert.equal(dg15.keyType, 'ec');
    assert.equal(dg15.curve, 'brainpoolP256r1');
    assert.equal(loadDg15PublicKey(dg15).asymmetricKeyDetails?.namedCurve, 'brainpoolP256r1');
  });

  it('names a NIST curve given by OID', () => {
    const key = generateKeyPair({ type: 'ec', curve: 'secp384r1' });
    const dg15 = parseDg15(buildDg15(key.publicKeyInfo));

    assert.equal(dg15.curve, 'secp384r1');
  });

  it('rejects a key that is neither RSA nor EC', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const bytes = buildDg15(new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })));

    assert.throws(() => parseDg15(bytes), (error: unknown) => isChipError(error, 'LDS_INVALID'));
  });
});

interface OpenJpeg {
  J2KEncoder: new () => {
    getDecodedBuffer(info: object): Uint8Array;
    setDecompositions(levels: number): void;
    encode(): void;
    getEncodedBuffer(): Uint8Array;
  };
}

async function encodeJ2k(width: number, height: number): Promise<{ codestream: Uint8Array; pixels: Uint8Array }> {
  const require = createRequire(import.meta.url);
  const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as (options: object) => Promise<OpenJpeg>;
  const openjpeg = await factory({ print: () => undefined, printErr: () => undefined });
  const encoder = new openjpeg.J2KEncoder();
  const pixels = new Uint8Array(width * height * 3).map((_, index) => (index * 7) % 256);

  encoder.getDecodedBuffer({ width, height, bitsPerSample: 8, componentCount: 3, isSigned: false, isUsingColorTransform: false }).set(pixels);
  encoder.setDecompositions(2);
  encoder.encode();
  return { codestream: new Uint8Array(encoder.getEncodedBuffer()), pixels };
}

function box(type: string, body: Uint8Array): Uint8Array {
  const header = new Uint8Array(8);
  new DataView(header.buffer).setUint32(0, 8 + body.length);
  header.set(Buffer.from(type, 'latin1'), 4);
  return concatBytes(header, body);
}

/** Wraps a codestream in a JP2 file (ISO/IEC 15444-1 annex I): signature, file type, header and codestream boxes. */
function jp2File(codestream: Uint8Array, width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(14);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, height);
  view.setUint32(4, width);
  view.setUint16(8, 3);
  ihdr[10] = 7; // 8 bits per component
  ihdr[11] = 7; // compression type: JPEG 2000

  return concatBytes(
    box('jP  ', fromHex('0D0A870A')),
    box('ftyp', concatBytes(Buffer.from('jp2 ', 'latin1'), new Uint8Array(4), Buffer.from('jp2 ', 'latin1'))),
    box('jp2h', concatBytes(box('ihdr', ihdr), box('colr', fromHex('01000000000010')))),
    box('jp2c', codestream),
  );
}

describe('DG2', () => {
  it('reads a JPEG face image and passes it through', async () => {
    const image = syntheticFaceImage(60, 80);
    const dg2 = parseDg2(buildDg2({ image, width: 60, height: 80, sex: 'F' }));
    const face = dg2.faces[0];

    assert.equal(dg2.faces.length, 1);
    assert.equal(face?.format, 'jpeg');
    assert.equal(face?.gender, 2);
    assert.equal(face?.width, 60);
    assert.deepEqual(face?.data, image);
    assert.deepEqual(await faceImageForBrowser(image), { mimeType: 'image/jpeg', data: image });
  });

  it('converts a J2K codestream to PNG', async () => {
    const { codestream, pixels } = await encodeJ2k(32, 40);
    const face = parseDg2(buildDg2({ image: codestream, width: 32, height: 40 })).faces[0];

    assert.equal(face?.format, 'j2k');
    assert.equal(face?.declaredDataType, 1);
    const converted = await faceImageForBrowser(face.data);
    const png = PNG.sync.read(Buffer.from(converted.data));
    assert.equal(converted.mimeType, 'image/png');
    assert.equal(png.width, 32);
    assert.equal(png.height, 40);
    // Lossless by default: the first pixel's channels come back exactly.
    assert.deepEqual([png.data[0], png.data[1], png.data[2]], [pixels[0], pixels[1], pixels[2]]);
  });

  it('converts a JP2 file to PNG', async () => {
    const { codestream } = await encodeJ2k(24, 24);
    const face = parseDg2(buildDg2({ image: jp2File(codestream, 24, 24), width: 24, height: 24 })).faces[0];

    assert.equal(face?.format, 'jp2');
    const converted = await faceImageForBrowser(face.data);
    assert.equal(PNG.sync.read(Buffer.from(converted.data)).width, 24);
  });

  it('rejects an image of unknown format', () => {
    const bytes = buildDg2({ image: syntheticFaceImage(8, 8), width: 8, height: 8 });
    const index = Buffer.from(bytes).indexOf(Buffer.from([0xff, 0xd8, 0xff]));
    bytes[index] = 0x00;

    assert.throws(() => parseDg2(bytes), (error: unknown) => isChipError(error, 'LDS_IMAGE_INVALID'));
  });

  it('rejects a truncated facial record', () => {
    const bytes = buildDg2({ image: syntheticFaceImage(8, 8), width: 8, height: 8 });

    assert.throws(() => parseDg2(bytes.subarray(0, bytes.length - 5)), (error: unknown) => isChipError(error));
  });
});
