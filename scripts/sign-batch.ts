// npm run sign-batch: for a court, signs an entry batch with its Ed25519 key (content/README.md, "Signed batches").
//   node scripts/sign-batch.ts FILE [FILE…] --key court.key     writes FILE.sig beside each FILE
//   node scripts/sign-batch.ts --new-key court.key              makes a key; prints the line for courts.json
// The private key stays with the court: never in content/, never in this repository.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createPublicKey } from 'node:crypto';
import { newCourtKeyPair, parsePrivateKey, sha256Hex, signBatch, SIGNATURE_EXTENSION } from './lib/batch-signature.ts';

const USAGE = '用法：npm run sign-batch -- 批次文件… --key 私钥文件\n      npm run sign-batch -- --new-key 私钥文件（生成新密钥，打印应填入 courts.json 的公钥）';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { key: { type: 'string' }, 'new-key': { type: 'string' } } });
  if (values['new-key']) {
    const { privateKeyPem, publicKey } = newCourtKeyPair();
    // wx: an existing key is never overwritten (the court would lose the key its batches verify with).
    await writeFile(values['new-key'], privateKeyPem, { flag: 'wx', mode: 0o600 });
    console.log(`私钥已写入 ${values['new-key']}（仅本人可读）。请妥善保管，不要放入 content/ 或代码仓库。`);
    console.log(`公钥（填入 content/courts.json 中本院记录的 signingKeys）：\n${publicKey}`);
    return;
  }
  if (!values.key || positionals.length === 0) throw new Error(USAGE);
  const key = parsePrivateKey(await readFile(values.key, 'utf8'));
  const publicKey = createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
  for (const file of positionals) {
    const bytes = await readFile(file);
    await writeFile(`${file}${SIGNATURE_EXTENSION}`, signBatch(bytes, key));
    console.log(`已签名 ${file} → ${file}${SIGNATURE_EXTENSION}（文件 SHA-256 ${sha256Hex(bytes)}）`);
  }
  console.log(`签名所用公钥：${publicKey}\n该公钥须列在 courts.json 中本院记录的 signingKeys 里。签名后文件不可再改动，否则验证失败、整批不予发布。`);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(`✖ ${(error as Error).message}`);
    process.exit(1);
  });
}
