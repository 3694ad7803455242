// The centrifuge SDK in the encoding CHAT_ENCODING names (json, the default, or protobuf), and how
// application data travels in it: JSON values as they are, or in Protobuf the UTF-8 bytes of the
// same JSON, as the hub's protocol says.
import * as json from 'centrifuge';
import * as protobuf from 'centrifuge/build/protobuf';

export const encoding = process.env.CHAT_ENCODING ?? 'json';
if (encoding !== 'json' && encoding !== 'protobuf') {
  throw new Error(`CHAT_ENCODING must be json or protobuf, not ${encoding}`);
}
const binary = encoding === 'protobuf';

export const Centrifuge = binary ? protobuf.Centrifuge : json.Centrifuge;

/** Application data as the SDK sends it in this encoding. */
export const encode = (value) => (binary ? new TextEncoder().encode(JSON.stringify(value)) : value);

/** Application data as the SDK hands it over in this encoding. */
export const decode = (data) => (binary ? JSON.parse(new TextDecoder().decode(data)) : data);

/** Resolves as `promise` does, or rejects after `ms` saying what did not happen. */
export const within = (promise, ms, what) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
