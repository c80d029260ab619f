// Encrypts secrets that must be read back later (codes waiting in the outbox until delivery) with
// AES-256-GCM under one master key. A sealed value reads `v1.<nonce>.<ciphertext+tag>` in unpadded
// base64url: the version lets a later key or cipher change coexist with stored values, and is bound into
// the authentication tag so it cannot be swapped.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const KEY_BYTES = 32;
/** GCM's standard 96-bit nonce; random nonces are safe for far more seals than one key will see here. */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new Error(`the secret box key must have ${KEY_BYTES} bytes, got ${key.length}`);
  const secretKey = Buffer.from(key);
  const additionalData = Buffer.from(VERSION, "utf8");

  return {
    seal(plain) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv("aes-256-gcm", secretKey, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${nonce.toString("base64url")}.${body.toString("base64url")}`;
    },

    open(sealed) {
      const [version, nonceText, bodyText, ...rest] = sealed.split(".");
      if (version !== VERSION || nonceText === undefined || bodyText === undefined || rest.length > 0) {
        throw new Error(`not a sealed value of version ${VERSION}`);
      }
      const nonce = Buffer.from(nonceText, "base64url");
      const body = Buffer.from(bodyText, "base64url");
      if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new Error("sealed value is truncated");
      const decipher = createDecipheriv("aes-256-gcm", secretKey, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData);
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
      } catch {
        throw new Error("sealed value failed authentication (wrong key or altered data)");
      }
    },
  };
}

/** Reads a 32-byte master key from 64 hex characters or from base64 / base64url (padding optional). */
export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/=$/, ""), trimmed.includes("-") || trimmed.includes("_") ? "base64url" : "base64");
    if (key.length === KEY_BYTES) return key;
  }
  // The text itself is a secret and stays out of the message.
  throw new Error(`the master key must be ${KEY_BYTES} bytes written as 64 hex characters or as base64 (43 or 44 characters), got ${trimmed.length} characters`);
}
