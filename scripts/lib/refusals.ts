// Why a publication refuses to go live, and why it renders everything: typed codes with one message catalogue (as Astro's AstroErrorData), so that callers and
// tests branch on a code, never on the wording, and every message is written, and read
// over, in one place. Messages are for the operator at the credit office: what happened and
// what happens now. (Problems with single records and files, found while reading court data,
// have their own catalogue, problems.ts, and are printed with file, line and field by report.ts.)

import { worded } from './shared/catalogue.ts';

/** What each refusal says, from what it is given. */
export const REFUSALS = {
  // The build: nothing goes live, the live site keeps serving.
  CountMismatch: () => '计数不平：收到的记录数不等于各类之和。这是程序错误，请报告。',
  StrictProblems: (p: { errors: number; warnings: number }) => `--strict：发现 ${p.errors} 个错误、${p.warnings} 个警告，未构建。修正上面列出的记录后重试，或去掉 --strict 以发布其余有效记录。`,
  SearchIndexCount: (p: { published: number; indexed: number }) => `搜索索引数量不符：公开 ${p.published} 条，索引收录 ${p.indexed} 条。未上线，旧站点继续服务。`,
  PrivacyLeak: (p: { leaks: number; files: number; release: string }) => `隐私检查未通过：${p.leaks} 处泄露（检查了 ${p.files} 个文件）。新版本未上线，旧站点继续服务；问题版本保留在 ${p.release} 供检查。`,
  StageFailed: (p: { stage: string; message: string }) => `${p.stage} 阶段失败（${p.message}）。新版本未上线，旧站点继续服务。请查看上面的输出。`,
  PrivacyCheckFailed: (p: { leaks: number; files: number; dir: string }) => `隐私检查未通过：${p.dir} 中 ${p.leaks} 处泄露（检查了 ${p.files} 个文件）。请勿上线该目录。`,
  BadToday: (p: { today: string }) => `--today ${p.today} 不是有效日期：请使用 YYYY-MM-DD。`,
  DecisionsUnreadable: (p: { files: number }) => `${p.files} 个决定文件无法完整读取。无法确定其中撤下了哪些记录，因此没有发布任何内容，在线站点保持不变。`,
  SigningKeyNotShown: () => '签名密钥与数据页显示的公钥不同（密钥已更换）：需完整构建，使数据页显示新公钥。这是程序错误，请报告。',
  // A decision the delist command will not record (scripts/delist.ts): nothing is written.
  DelistUsage: (p: { grounds: string }) => `用法：npm run delist -- <记录编号> --type 屏蔽|撤销|删除 --reason <事由> --doc <决定书文号> --court <法院> [--date YYYY-MM-DD]\n可用事由：\n${p.grounds}`,
  DelistInvalid: (p: { fields: string }) => `决定未通过校验，未记录：\n${p.fields}`,
  DelistUnknownEntry: (p: { entryId: string }) => `名单中没有编号为 ${p.entryId} 的记录。请核对记录编号（见该记录页面底部）。`,
  DelistAlreadyDecided: (p: { entryId: string; date: string; type: string; decisionId: string }) => `记录 ${p.entryId} 已于 ${p.date} ${p.type}（决定 ${p.decisionId}），无需重复记录。`,
  DelistFileDiffers: (p: { file: string }) => `决定文件 ${p.file} 已存在，内容与本次不同。请核对后删除或改用其他日期。`,
  // The signing key (signing.ts).
  SigningKeyInRepository: (p: { file: string }) => `GONGSHI_SIGNING_KEY_FILE 指向项目目录内的 ${p.file}：私钥不得放在代码仓库中。请移到仓库以外（如 /etc/gongshi/signing-key.pem，权限 600）后重试。`,
  SigningKeyUnreadable: (p: { file: string }) => `无法读取签名私钥文件 ${p.file}（GONGSHI_SIGNING_KEY_FILE）：请检查路径和读取权限。`,
  SigningKeyNotPem: (p: { where: string }) => `${p.where} 不是可读的私钥（应为 PEM 格式的 Ed25519 私钥，可用 openssl genpkey -algorithm ed25519 生成）。`,
  SigningKeyNotEd25519: (p: { where: string; type: string }) => `${p.where} 是 ${p.type} 密钥，签名需要 Ed25519 密钥（openssl genpkey -algorithm ed25519）。`,
  // The full-text index (fulltext.ts): nothing goes live.
  FullTextUnavailable: (p: { errors: string }) => `全文索引无法创建：${p.errors}`,
  FullTextPageMissing: (p: { page: string }) => `全文索引：应收录的页面 ${p.page} 不存在。未上线，旧站点继续服务；这是程序错误，请报告。`,
  FullTextPageUnmarked: (p: { page: string; attribute: string }) => `全文索引：页面 ${p.page} 没有 ${p.attribute} 标记，不能收录。未上线，旧站点继续服务；这是程序错误，请报告。`,
  FullTextPageRejected: (p: { page: string; errors: string }) => `全文索引：页面 ${p.page} 无法收录（${p.errors}）。`,
  FullTextUnwritten: (p: { errors: string }) => `全文索引无法写出：${p.errors}`,
  FullTextCount: (p: { pages: number; indexed: number }) => `全文索引数量不符：应收录 ${p.pages} 个页面，索引收录 ${p.indexed} 个。未上线，旧站点继续服务。`,
  FullTextLanguage: (p: { languages: string }) => `全文索引语言不符：应全部为中文（zh），实际为 ${p.languages}。`,
  // Not refusals: why a publication renders everything into a new release rather than patching the live one.
  FullRequested: () => '按要求完整发布（--full）',
  FirstRelease: () => '尚无上线版本',
  NoOutputList: () => '上线版本没有页面清单（上次发布未完成，或由旧版本程序构建）',
  RendererChanged: () => '页面代码有变',
  DataFormatChanged: (p: { live: string; now: string }) => `上线版本的开放数据索引格式为 ${p.live}，本程序写 ${p.now}：重写全部开放数据文件`,
  MostOutputsDirty: (p: { dirty: number; outputs: number }) => `过半页面有变（${p.dirty}/${p.outputs}）`,
} as const;

export type RefusalCode = keyof typeof REFUSALS;

/** A refusal: its code, and its message from the catalogue. */
export interface Refusal<C extends RefusalCode = RefusalCode> {
  code: C;
  message: string;
}

export function refusal<C extends RefusalCode>(code: C, ...params: Parameters<(typeof REFUSALS)[C]>): Refusal<C> {
  return worded(REFUSALS, code, params[0]);
}

/** A refusal thrown by a module the publication calls (the signing key, the full-text index): caught by its code. */
export class RefusalError extends Error implements Refusal {
  readonly code: RefusalCode;
  constructor(reason: Refusal) {
    super(reason.message);
    this.code = reason.code;
  }
}
