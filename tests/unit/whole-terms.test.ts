import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wholeTermRuns } from '../../scripts/lib/shared/whole-terms.ts';

const whole = (text: string) => wholeTermRuns(text).filter((r) => r.whole).map((r) => r.text);

test('dates, case and document numbers, masked ID numbers and amounts in free text are kept as whole runs', () => {
  assert.deepEqual(
    whole('自2024年10月10日起，按(2024)辽0503执123号之一，偿还64700元及1,417.50元，截至2026年3月；证件2105021985****2715；（2023）辽0503民特400号'),
    ['2024年10月10日', '(2024)辽0503执123号之一', '64700元', '1,417.50元', '2026年3月', '2105021985****2715', '（2023）辽0503民特400号'],
  );
});

test('the runs put back together are the text, unchanged', () => {
  const text = '被告于本判决生效之日起十日内偿还原告64700元（自2024年10月10日起计）。';
  assert.equal(wholeTermRuns(text).map((r) => r.text).join(''), text);
  assert.deepEqual(wholeTermRuns('没有数字的文字'), [{ text: '没有数字的文字', whole: false }]);
  assert.deepEqual(wholeTermRuns(''), []);
});
