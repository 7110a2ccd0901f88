import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { entryInputSchema } from '../../scripts/lib/schema/entry.ts';
import { decisionInputSchema } from '../../scripts/lib/schema/decision.ts';
import { caseSchema } from '../../scripts/lib/schema/case.ts';
import { idKey, MAX_LENGTH, normaliseId } from '../../scripts/lib/schema/fields.ts';
import { creditCode, decisionRow, idNumber, orgRow, personRow, type Row } from '../fixtures/unit/records.ts';

/** Field → messages of a failed parse, so a test can say which field failed and why. */
function issuesOf(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): Record<string, string[]> {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, 'expected the parse to fail');
  const byField: Record<string, string[]> = {};
  for (const issue of result.error!.issues) (byField[String(issue.path[0] ?? '')] ??= []).push(issue.message);
  return byField;
}

const fullWidth = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

describe('entryInputSchema', () => {
  test('a valid person parses, with a masked ID, a canonical case number and no end for behaviour 1', () => {
    const entry = entryInputSchema.parse(personRow());
    assert.equal(entry.kind, 'person');
    assert.equal(entry.name, '赵建国');
    assert.equal(entry.idNumberMasked, '2105021985****1237');
    assert.equal(entry.caseNumber, '(2024)辽0502执123号');
    assert.equal(entry.caseNumberCanonical, '2024辽0502执123');
    assert.equal(entry.listingEndsOn, null);
    assert.equal(entry.disclose, true);
    assert.equal(entry.bornOn, '1985-03-15');
  });

  test('a valid organisation parses with its credit code in full and a two-year end for behaviour 5', () => {
    const entry = entryInputSchema.parse(orgRow());
    assert.equal(entry.kind, 'org');
    assert.equal(entry.creditCode, creditCode('91210502MA0Y3D8K2'));
    assert.equal(entry.legalRepresentative, '钱有财');
    assert.deepEqual(entry.behaviours, [1, 5]);
    assert.equal(entry.listingEndsOn, '2027-04-02');
    assert.equal(entry.idNumberMasked, undefined);
  });

  test('the full ID number never appears in the parsed entry', () => {
    const full = idNumber('210502', '19850315', '123');
    const entry = entryInputSchema.parse(personRow({ idNumber: full }));
    assert.equal('idNumber' in entry, false);
    assert.equal(JSON.stringify(entry).includes(full), false);
    assert.equal(JSON.stringify(entry).includes(full.slice(6, 14)), false, 'the birth date is not there either');
  });

  test('the full ID number does not appear in the errors of a failed parse', () => {
    const full = idNumber('210502', '19850315', '123');
    const result = entryInputSchema.safeParse(personRow({ idNumber: full, gender: '未知' }));
    assert.equal(result.success, false);
    assert.equal(JSON.stringify(result.error!.issues).includes(full), false);
  });

  test('a record id that spells the person\'s name in pinyin (or in Latin letters as written) is refused on 记录编号, however it is cut or cased; serial ids and other names\' ids pass', () => {
    // An id stays public after delisting (410 page, _gone.json, change feed): one made from the
    // name would keep the name public. The message names neither the name nor its pinyin.
    const names: [string, string[]][] = [['李四光', ['li', 'si', 'guang']], ['单丽', ['shan', 'li']], ['张伟', ['zhang', 'wei']], ['欧阳娜娜', ['ou', 'yang', 'na', 'na']]];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(fc.constantFrom('', '-', '_'), { minLength: 5, maxLength: 5 }), fc.boolean(), fc.constantFrom('', 'fx-', 'BX_2025-', 'p'), (named, cuts, upper, prefix) => {
        const [name, syllables] = named;
        const spelt = prefix + syllables.map((s, i) => (i ? cuts[i]! : '') + (upper ? s.toUpperCase() : s)).join('');
        const issues = issuesOf(entryInputSchema, personRow({ id: spelt, name }));
        assert.deepEqual(Object.keys(issues), ['id'], spelt);
        assert.match(issues.id![0]!, /记录编号含有被执行人姓名的拼音/);
        assert.ok(!issues.id![0]!.includes(name) && !issues.id![0]!.toLowerCase().includes(syllables.join('')));
      }),
    );
    assert.deepEqual(Object.keys(issuesOf(entryInputSchema, personRow({ id: 'p-john-smith', name: 'John Smith' }))), ['id'], 'a name in Latin letters, as written');
    assert.deepEqual(Object.keys(issuesOf(entryInputSchema, personRow({ id: 'P-JOHNSMITH', name: 'Ｊｏｈｎ　Ｓｍｉｔｈ' }))), ['id'], 'in full-width letters');
    for (const [id, name] of [['bx-000188', '李四光'], ['fx-107', '李四光'], ['li-si-guang-1', '张伟'], ['fx-li-si', '李四光'], ['p-smith', 'John Smith']]) {
      assert.equal(entryInputSchema.safeParse(personRow({ id, name })).success, true, `${id} for ${name}`);
    }
    // Not read for organisations: an id holds at most a part of a long company name, which this
    // check cannot tell from a serial.
    assert.equal(entryInputSchema.safeParse(orgRow({ id: 'hongda-001' })).success, true);
  });

  test('a person without gender, age or ID number fails on each of those fields', () => {
    const issues = issuesOf(entryInputSchema, personRow({ gender: undefined, age: '', idNumber: ' ' }));
    assert.deepEqual(Object.keys(issues).sort(), ['age', 'gender', 'idNumber']);
    assert.match(issues.gender![0]!, /性别/);
    assert.match(issues.idNumber![0]!, /身份证号码/);
  });

  test('a person with an already masked ID number needs no full one', () => {
    const entry = entryInputSchema.parse(personRow({ idNumber: undefined, idNumberMasked: '2105021985****1237' }));
    assert.equal(entry.idNumberMasked, '2105021985****1237');
    // Only the birth year is left: the latest birthday it allows, so the youngest the person can be.
    assert.equal(entry.bornOn, '1985-12-31');
  });

  test('a wrong check character, an impossible birth date and a short number are each reported on idNumber', () => {
    const valid = idNumber('210502', '19850315', '123');
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    assert.match(issuesOf(entryInputSchema, personRow({ idNumber: wrongCheck })).idNumber![0]!, /校验位/);
    assert.match(issuesOf(entryInputSchema, personRow({ idNumber: idNumber('210502', '19850230', '123') })).idNumber![0]!, /出生日期/);
    assert.match(issuesOf(entryInputSchema, personRow({ idNumber: valid.slice(0, 15) })).idNumber![0]!, /18 位/);
  });

  test('a person must not carry a credit code, and an organisation must not carry personal data', () => {
    assert.ok(issuesOf(entryInputSchema, personRow({ creditCode: creditCode('91210502MA0Y3D8K2') })).creditCode);
    const orgIssues = issuesOf(entryInputSchema, orgRow({ gender: '男', age: 40 }));
    assert.deepEqual(Object.keys(orgIssues).sort(), ['age', 'gender']);
  });

  test('an organisation without credit code or legal representative fails on both fields', () => {
    const issues = issuesOf(entryInputSchema, orgRow({ creditCode: '', legalRepresentative: undefined }));
    assert.deepEqual(Object.keys(issues).sort(), ['creditCode', 'legalRepresentative']);
  });

  test('an organisation with a wrong credit code check character or a forbidden letter fails on creditCode', () => {
    const code = creditCode('91210502MA0Y3D8K2');
    assert.match(issuesOf(entryInputSchema, orgRow({ creditCode: code.slice(0, 17) + (code[17] === '0' ? '1' : '0') })).creditCode![0]!, /校验位/);
    assert.match(issuesOf(entryInputSchema, orgRow({ creditCode: `91210502IA0Y3D8K2${code[17]}` })).creditCode![0]!, /I、O、Z、S、V/);
  });

  test('CSV-style string values are accepted', () => {
    const entry = entryInputSchema.parse(
      personRow({ age: '40', behaviours: '1;3', disclose: '是', filedOn: '2018/4/2', publishedOn: '2018年5月3日', listingEndsOn: '2020.5.3' }),
    );
    assert.equal(entry.age, 40);
    assert.deepEqual(entry.behaviours, [1, 3]);
    assert.equal(entry.disclose, true);
    assert.equal(entry.filedOn, '2018-04-02');
    assert.equal(entry.publishedOn, '2018-05-03');
    assert.equal(entry.listingEndsOn, '2020-05-03');
    assert.equal(entryInputSchema.parse(personRow({ disclose: '否' })).disclose, false);
    assert.equal(entryInputSchema.parse(personRow({ kind: '自然人' })).kind, 'person');
    assert.equal(entryInputSchema.parse(orgRow({ kind: '法人或其他组织' })).kind, 'org');
  });

  test('behaviour lists separated by ；、，| are all accepted and come out ordered and without repeats', () => {
    for (const list of ['3；1', '3、1', '3，1', '3|1', '1,3,3']) {
      assert.deepEqual(entryInputSchema.parse(personRow({ behaviours: list })).behaviours, [1, 3], list);
    }
  });

  test('full-width digits in dates, ID number, case number and credit code are accepted', () => {
    const id = idNumber('210502', '19850315', '123');
    const person = entryInputSchema.parse(
      personRow({ idNumber: fullWidth(id), caseNumber: '（２０２４）辽０５０２执１２３号', publishedOn: '２０２５年３月１０日' }),
    );
    assert.equal(person.idNumberMasked, '2105021985****1237');
    assert.equal(person.caseNumberCanonical, '2024辽0502执123');
    assert.equal(person.publishedOn, '2025-03-10');
    const org = entryInputSchema.parse(orgRow({ creditCode: fullWidth(creditCode('91210502MA0Y3D8K2')) }));
    assert.equal(org.creditCode, creditCode('91210502MA0Y3D8K2'));
  });

  test('full-width digits in the age column are accepted', () => {
    assert.equal(entryInputSchema.parse(personRow({ age: '４０' })).age, 40);
  });

  test('full-width digits in the behaviours column are accepted', () => {
    assert.deepEqual(entryInputSchema.parse(personRow({ behaviours: '１；３' })).behaviours, [1, 3]);
  });

  test('behaviours given by their Chinese labels are accepted', () => {
    const entry = entryInputSchema.parse(personRow({ behaviours: '有履行能力而拒不履行生效法律文书确定义务；违反限制消费令' }));
    assert.deepEqual(entry.behaviours, [1, 5]);
    assert.deepEqual(entryInputSchema.parse(personRow({ behaviours: ['规避执行'] })).behaviours, [3]);
  });

  test('an unknown behaviour 7 is rejected on behaviours, naming the value', () => {
    const issues = issuesOf(entryInputSchema, personRow({ behaviours: '1;7' }));
    assert.deepEqual(Object.keys(issues), ['behaviours']);
    assert.match(issues.behaviours![0]!, /“7”/);
  });

  test('an empty behaviours column is rejected', () => {
    assert.ok(issuesOf(entryInputSchema, personRow({ behaviours: '' })).behaviours);
    assert.ok(issuesOf(entryInputSchema, personRow({ behaviours: [] })).behaviours);
  });

  test('an impossible date is rejected naming the value', () => {
    const issues = issuesOf(entryInputSchema, personRow({ publishedOn: '2025-02-30' }));
    assert.match(issues.publishedOn![0]!, /“2025-02-30”不是有效日期/);
  });

  test('a listing end before publication and a filing date after publication are rejected', () => {
    assert.ok(issuesOf(entryInputSchema, personRow({ listingEndsOn: '2025-01-01' })).listingEndsOn);
    assert.ok(issuesOf(entryInputSchema, personRow({ filedOn: '2025-04-01' })).filedOn);
  });

  test('a record id with characters outside letters, digits, - and _ is rejected', () => {
    assert.ok(issuesOf(entryInputSchema, personRow({ id: 'p 001' })).id);
    assert.ok(issuesOf(entryInputSchema, personRow({ id: '../p' })).id);
    assert.equal(entryInputSchema.parse(personRow({ id: 12345 })).id, '12345');
  });
});

describe('decisionInputSchema', () => {
  test('a valid decision parses, with the ground given by code or by Chinese label', () => {
    assert.equal(decisionInputSchema.parse(decisionRow()).reason, 'performed');
    assert.equal(decisionInputSchema.parse(decisionRow({ reason: '执行和解协议已履行完毕' })).reason, 'settlement');
    assert.equal(decisionInputSchema.parse(decisionRow({ decidedOn: '2026年11月20日' })).decidedOn, '2026-11-20');
  });

  test('删除 for a wrongful listing is rejected on type, saying 撤销 is required', () => {
    const issues = issuesOf(decisionInputSchema, decisionRow({ type: '删除', reason: 'wrongful' }));
    assert.deepEqual(Object.keys(issues), ['type']);
    assert.match(issues.type![0]!, /撤销/);
    assert.equal(decisionInputSchema.parse(decisionRow({ type: '撤销', reason: 'wrongful' })).type, '撤销');
  });

  test('a ground that is not in the law is rejected on reason, listing the lawful ones', () => {
    const issues = issuesOf(decisionInputSchema, decisionRow({ reason: '已还钱' }));
    assert.deepEqual(Object.keys(issues), ['reason']);
    assert.match(issues.reason![0]!, /“已还钱”不是法定事由/);
    assert.match(issues.reason![0]!, /wrongful/);
  });

  test('an unknown decision type and missing fields are rejected on their fields', () => {
    const issues = issuesOf(decisionInputSchema, decisionRow({ type: '暂停', court: '', docNumber: undefined }));
    assert.deepEqual(Object.keys(issues).sort(), ['court', 'docNumber', 'type']);
  });
});

describe('caseSchema', () => {
  const valid: Row = {
    slug: 'judu-2025-01',
    title: '拒不履行判决被判刑',
    date: '2025-06-01',
    court: '本溪市中级人民法院',
    category: '拒执犯罪',
    summary: '被执行人转移财产，被依法追究刑事责任。',
    behaviours: '3、1',
    relatedCaseNumbers: '(2024)辽0502执123号；(2024)辽0503执88号',
    body: '正文。',
  };

  test('a valid case parses, with behaviours ordered and case numbers split', () => {
    const parsed = caseSchema.parse(valid);
    assert.deepEqual(parsed.behaviours, [1, 3]);
    assert.deepEqual(parsed.relatedCaseNumbers, ['(2024)辽0502执123号', '(2024)辽0503执88号']);
    assert.equal(parsed.date, '2025-06-01');
  });

  test('a positive example may name no behaviours', () => {
    assert.deepEqual(caseSchema.parse({ ...valid, category: '正面典型', behaviours: undefined }).behaviours, []);
  });

  test('an unknown category, a bad slug and an unknown behaviour are rejected on their fields', () => {
    const issues = issuesOf(caseSchema, { ...valid, category: '其他', slug: 'Judu_2025', behaviours: '8' });
    assert.deepEqual(Object.keys(issues).sort(), ['behaviours', 'category', 'slug']);
  });
});

describe('disclose', () => {
  test('否, 不公开, false, 0, N and no mean not public, in any width and case', () => {
    for (const value of ['否', '不公开', 'false', 'FALSE', '0', 'N', 'n', 'no', 'No', ' 否 ', '０', 'Ｎ', false, 0]) {
      assert.equal(entryInputSchema.parse(personRow({ disclose: value })).disclose, false, String(value));
    }
  });

  test('是, 公开, true, 1, Y, yes and blank mean public', () => {
    for (const value of ['是', '公开', 'true', '1', 'Y', 'yes', '', undefined, true, 1]) {
      assert.equal(entryInputSchema.parse(personRow({ disclose: value })).disclose, true, String(value));
    }
  });

  test('an unrecognised disclose value withholds the record', () => {
    for (const value of ['也许', '待定', '2', 'x']) {
      const issues = issuesOf(entryInputSchema, personRow({ disclose: value }));
      assert.deepEqual(Object.keys(issues), ['disclose'], value);
    }
  });
});

describe('ids', () => {
  test('ids are read after NFKC, trimming and removing zero-width characters and soft hyphens', () => {
    assert.equal(normaliseId(' \uFF50-\u200B0\u200C0\u200D1\u2060\uFEFF\u00AD '), 'p-001');
    assert.equal(entryInputSchema.parse(personRow({ id: 'ｐ－００１\u200B' })).id, 'p-001');
    assert.equal(decisionInputSchema.parse(decisionRow({ id: 'dc\u00AD-1', entryId: '\uFEFFp-001' })).entryId, 'p-001');
  });

  test('idKey makes ids that differ only in case, width or invisible characters equal', () => {
    assert.equal(idKey('P-001'), idKey('p-001'));
    assert.equal(idKey('Ｐ-0\u200B01'), idKey('p-001'));
    assert.notEqual(idKey('p-001'), idKey('p-01'));
  });

  test('an id longer than 64 characters is refused', () => {
    assert.deepEqual(Object.keys(issuesOf(entryInputSchema, personRow({ id: 'p'.repeat(MAX_LENGTH.id + 1) }))), ['id']);
    assert.equal(entryInputSchema.parse(personRow({ id: 'p'.repeat(MAX_LENGTH.id) })).id.length, 64);
  });
});

describe('bounded input', () => {
  test('a NUL byte in a name is refused naming the field', () => {
    const issues = issuesOf(entryInputSchema, personRow({ name: '赵建\u0000国' }));
    assert.deepEqual(Object.keys(issues), ['name']);
    assert.match(issues.name![0]!, /第 3 个字符是不允许的控制字符 \\u0000/);
  });

  test('an ANSI escape sequence, DEL, a C1 control or a bidi override is refused in every text field', () => {
    for (const bad of ['\u001B[31m', '\u007F', '\u0085', '\u202E', '\u2066']) {
      for (const field of ['name', 'court', 'obligation', 'basisDocNumber']) {
        const issues = issuesOf(entryInputSchema, personRow({ [field]: `本溪${bad}市` }));
        assert.deepEqual(Object.keys(issues), [field], `${JSON.stringify(bad)} in ${field}`);
      }
    }
    assert.deepEqual(Object.keys(issuesOf(decisionInputSchema, decisionRow({ docNumber: '(2026)\u001B[2J' }))), ['docNumber']);
  });

  test('a line break is refused in a name but kept in an obligation', () => {
    assert.deepEqual(Object.keys(issuesOf(entryInputSchema, personRow({ name: '赵建\n国' }))), ['name']);
    assert.equal(entryInputSchema.parse(personRow({ obligation: '偿还借款\r\n及利息\t五万元' })).obligation, '偿还借款\r\n及利息\t五万元');
  });

  test('a name over 100 characters is refused with the limit and its length', () => {
    const issues = issuesOf(entryInputSchema, personRow({ name: '张'.repeat(MAX_LENGTH.name + 1) }));
    assert.deepEqual(Object.keys(issues), ['name']);
    assert.match(issues.name![0]!, /超过 100 字的上限（共 101 字）/);
    assert.equal(entryInputSchema.parse(personRow({ name: '张'.repeat(MAX_LENGTH.name) })).name.length, 100);
  });

  test('a 50 MB obligation is refused and its text is not echoed', () => {
    const result = entryInputSchema.safeParse(personRow({ obligation: '还'.repeat(50 * 1024 * 1024) }));
    assert.equal(result.success, false);
    assert.deepEqual(result.error!.issues.map((i) => i.path[0]), ['obligation']);
    assert.ok(JSON.stringify(result.error!.issues).length < 1000);
  });

  test('an over-long court, case number or decision document number is refused on its field', () => {
    assert.deepEqual(Object.keys(issuesOf(entryInputSchema, personRow({ court: '院'.repeat(MAX_LENGTH.line + 1) }))), ['court']);
    assert.deepEqual(Object.keys(issuesOf(entryInputSchema, personRow({ caseNumber: `(2024)辽0502执${'1'.repeat(100)}号` }))), ['caseNumber']);
    assert.deepEqual(Object.keys(issuesOf(decisionInputSchema, decisionRow({ docNumber: '号'.repeat(MAX_LENGTH.line + 1) }))), ['docNumber']);
  });

  test('a case body with a NUL byte or over 100,000 characters is refused on body', () => {
    const valid = caseSchema.parse({ slug: 'a', title: '标题', date: '2026-03-01', court: '本溪市中级人民法院', category: '典型案例', summary: '摘要', behaviours: [1], relatedCaseNumbers: [], body: '正文\r\n\t第二行' });
    assert.equal(valid.body, '正文\r\n\t第二行');
    for (const body of ['正文\u0000', '文'.repeat(MAX_LENGTH.body + 1)]) {
      assert.deepEqual(Object.keys(issuesOf(caseSchema, { ...valid, body })), ['body']);
    }
  });
});
