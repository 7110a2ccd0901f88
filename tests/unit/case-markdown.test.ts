import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCaseMarkdown } from '../../scripts/lib/markdown.ts';

/** Anything in rendered HTML that could run code, load something or style the page. */
const DANGER = /<(script|img|iframe|svg|math|object|embed|style|form|input|details|base|meta|link)\b|\son\w+\s*=|\sstyle\s*=|\ssrc\s*=|(java|vb)script\s*:|data\s*:|href\s*=\s*["']?\s*[\/\\][\/\\]/i;

const HOSTILE: [string, string][] = [
  ['a script element', '<script>alert(1)</script>正文'],
  ['a script element in upper case', '<SCRIPT SRC="https://evil.example/x.js"></SCRIPT>正文'],
  ['an image with onerror', '<img src=x onerror="alert(1)">'],
  ['a Markdown image', '![x](https://evil.example/track.png)'],
  ['a Markdown javascript: link', '[点此](javascript:alert(1))'],
  ['a javascript: link in mixed case', '[点此](JaVaScRiPt:alert(1))'],
  ['an entity-encoded javascript: link in HTML', '<a href="&#106;avascript:alert(1)">点此</a>'],
  ['an entity-encoded javascript: link in Markdown', '[点此](&#x6A;avascript:alert(1))'],
  ['a javascript: link with a tab inside', '<a href="java\tscript:alert(1)">点此</a>'],
  ['a javascript: link with leading spaces', '<a href="   javascript:alert(1)">点此</a>'],
  ['a vbscript: link', '[点此](vbscript:msgbox(1))'],
  ['a data: link', '<a href="data:text/html,<script>alert(1)</script>">点此</a>'],
  ['a data: link in Markdown', '[点此](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['a protocol-relative link', '[点此](//evil.example/)'],
  ['a backslash protocol-relative link', '<a href="/\\evil.example/">点此</a>'],
  ['a protocol-relative link behind a tab', '<a href="\t//evil.example/">点此</a>'],
  ['an iframe', '<iframe src="https://evil.example/"></iframe>'],
  ['an SVG with onload', '<svg onload=alert(1)><circle r="1"/></svg>'],
  ['a MathML link', '<math><mi xlink:href="javascript:alert(1)">m</mi></math>'],
  ['details with ontoggle', '<details open ontoggle=alert(1)>x</details>'],
  ['a style attribute and an event handler', '<p style="position:fixed;inset:0" onclick="alert(1)">正文</p>'],
  ['a style element', '<style>body{display:none}</style>正文'],
  ['a form posting elsewhere', '<form action="https://evil.example/"><input name="q"></form>'],
  ['a base element', '<base href="https://evil.example/">'],
  ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example/">'],
  ['an unclosed attribute that tries to break out', '<a href="/x" title="a" onmouseover="alert(1)">点此</a>'],
];

for (const [what, markdown] of HOSTILE) {
  test(`case Markdown with ${what} renders nothing that can run, load or restyle`, () => {
    const html = renderCaseMarkdown(markdown);
    assert.doesNotMatch(html, DANGER, html);
  });
}

test('case Markdown keeps the text around removed markup', () => {
  assert.match(renderCaseMarkdown('<script>alert(1)</script>正文'), /正文/);
  assert.doesNotMatch(renderCaseMarkdown('<script>alert(1)</script>正文'), /alert/);
  assert.match(renderCaseMarkdown('[点此](javascript:alert(1))'), /<a>点此<\/a>/);
});

test('case Markdown keeps paragraphs, emphasis, lists, headings, tables, quotes, code and rules', () => {
  const html = renderCaseMarkdown(
    ['# 标题', '## 小标题', '#### 四级', '段落 **加粗** *强调* `代码`', '', '- 一', '- 二', '', '1. 甲', '', '> 引用', '', '---', '', '| 甲 | 乙 |', '|:--|--:|', '| 1 | 2 |'].join('\n'),
  );
  for (const tag of ['<h2>标题</h2>', '<h2>小标题</h2>', '<h4>四级</h4>', '<strong>加粗</strong>', '<em>强调</em>', '<code>代码</code>', '<ul>', '<ol>', '<li>一</li>', '<blockquote>', '<hr />', '<table>', '<th align="left">甲</th>', '<td align="right">2</td>']) {
    assert.ok(html.includes(tag), `${tag} missing from ${html}`);
  }
  assert.doesNotMatch(html, /<h1/);
});

test('case Markdown keeps http(s) and relative links; links out of the site carry no referrer', () => {
  assert.equal(renderCaseMarkdown('[法院](https://court.example/a?b=1)'), '<p><a href="https://court.example/a?b=1" rel="nofollow noopener noreferrer">法院</a></p>\n');
  assert.equal(renderCaseMarkdown('[案例](/cases/x/)'), '<p><a href="/cases/x/">案例</a></p>\n');
  assert.equal(renderCaseMarkdown('[上文](#a)'), '<p><a href="#a">上文</a></p>\n');
  assert.match(renderCaseMarkdown('<a href="http://court.example/" rel="opener">x</a>'), /rel="nofollow noopener noreferrer"/);
});
