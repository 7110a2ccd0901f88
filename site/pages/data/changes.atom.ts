import type { APIRoute } from 'astro';
import { state } from '../../lib/state';
import { atomFeed } from '../../lib/atom';

const OP_LABEL = { ADD: '纳入公开', MOD: '信息更新', DEL: '撤下' } as const;

/** The latest 500 change events as Atom, for feed readers; changes.json has them all. */
export const GET: APIRoute = ({ site }) => {
  const { changes, builtAt, site: info } = state();
  const url = (p: string) => new URL(p, site).href;
  return new Response(
    atomFeed({
      id: url('/data/changes.atom'),
      title: `${info.city}失信被执行人名单变更`,
      self: url('/data/changes.atom'),
      alternate: url('/notices/'),
      updated: builtAt,
      entries: changes.slice(-500).reverse().map((e) => ({
        id: url(`/data/changes.json#${e.seq}`),
        title: `${e.op} ${OP_LABEL[e.op]}${e.type ? `（${e.type}）` : ''}：${e.caseNumber}`,
        updated: e.recordedAt,
        link: url(`/entry/${encodeURIComponent(e.entryId)}/`),
        summary: `记录 ${e.entryId}，${e.court}，${e.date}${e.docNumber ? `，决定书 ${e.docNumber}` : ''}`,
      })),
    }),
    { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } },
  );
};
