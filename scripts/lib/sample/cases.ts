// Twenty fictional publicity cases (source document §五(四): warning cases and positive
// examples). Parties are only ever "刘某" or "本溪某…公司", and generateCases appends to every
// body a note that the story is invented. Where a case concerns a listed entry, its party,
// court and amount are taken from that entry so the site's cross-links tell one story.
import type { CASE_CATEGORIES } from '../schema/case.ts';
import { BENXI_COURTS, COMPOUND_SURNAMES, FIXTURE_IDS, fixtureEntries, TRADE_NAMES, type RawEntry } from './generate.ts';
import { createRandom, type Random } from './random.ts';
import { dayNumber, isoOfDay } from '../shared/dates.ts';

export interface SampleCase {
  slug: string;
  title: string;
  date: string;
  court: string;
  category: (typeof CASE_CATEGORIES)[number];
  summary: string;
  behaviours: number[];
  relatedCaseNumbers: string[];
  body: string;
}

interface Context {
  /** The party as named in the text: 刘某 or 本溪某建筑工程有限公司. */
  p: string;
  court: string;
  /** An amount of money, digits only. */
  a: string;
  rng: Random;
}

interface Scenario {
  key: string;
  category: SampleCase['category'];
  behaviours: number[];
  /** Which entry the case concerns: a fixture id, a random person or organisation, or none. */
  link: string | 'person' | 'org' | null;
  /** The party when the case concerns no listed entry (default: 王某 etc.). */
  party?: string;
  /** Which random entries fit the story (the text names their kind of debt). */
  fits?: (entry: RawEntry) => boolean;
  /** Earliest publication date (e.g. after the decision the story ends with). */
  notBefore?: string;
  write(ctx: Context): { title: string; summary: string; paragraphs: string[] };
}

const NOTE = '*（示例数据：本文人物、单位及情节均为虚构，如有雷同，纯属巧合。）*';

const SCENARIOS: readonly Scenario[] = [
  // ------------------------------------------------------------ 正面典型
  {
    key: 'family-repays-loan', category: '正面典型', behaviours: [1], link: FIXTURE_IDS.masked, notBefore: '2026-05-27',
    write: ({ p, court, a }) => ({
      title: '子女筹款代父还债 失信信息依法屏蔽',
      summary: `被执行人${p}因经营失败无力偿还欠款被纳入失信名单，其子女筹款帮助履行全部义务后，${court}当日解除限制措施并屏蔽其失信信息。`,
      paragraphs: [
        `被执行人${p}经营失败后欠下债务，生效法律文书确定其给付申请执行人${a}元。${p}未按期履行，申请执行人向${court}申请强制执行。`,
        `执行中，法院向${p}送达执行通知书和报告财产令，${p}既未履行义务，也未说明原因。经网络查控，其名下仅有少量存款，法院依法将其纳入失信被执行人名单，并限制其高消费。`,
        `在外地工作的子女得知父亲因失信出行受限后，主动联系执行法官，表示愿意共同筹款替父亲还债。执行法官组织双方当面核对本息，${p}的子女一次性代为支付了全部款项。`,
        `款项到账当日，法院依法解除对${p}的限制消费措施，并作出决定屏蔽其失信信息。`,
        `**典型意义**　失信惩戒的目的在于督促履行。被执行人及其家人主动履行后，法院及时屏蔽失信信息、解除限制措施，体现了惩戒与激励并重的执行理念。`,
      ],
    }),
  },
  {
    key: 'wages-paid-in-instalments', category: '正面典型', behaviours: [], link: null, party: '本溪某装饰工程有限公司',
    write: ({ p, court, a, rng }) => {
      const workers = rng.int(12, 40);
      return {
        title: '装修公司分期兑现工人工资 执行和解促成双赢',
        summary: `${p}拖欠${workers}名工人工资，执行法官多次组织协商，双方达成分期履行的和解协议，公司按期付清全部款项。`,
        paragraphs: [
          `${workers}名装修工人与${p}劳动报酬纠纷一案，生效法律文书确定该公司支付工资共计${a}元。因公司资金周转困难，工人们向${court}申请强制执行。`,
          `执行法官调查发现，该公司仍在正常经营，只是工程款尚未回笼。若直接冻结其基本账户，公司可能停工，工人的工资反而更难兑现。`,
          `执行法官先后四次组织双方协商，最终促成分期履行的和解协议：公司先行支付三成，余款分六个月付清。此后每月付款日，执行法官均电话跟进。`,
          `协议约定的最后一笔款项按期到账，全部工人领到了工资，该公司也避免了被纳入失信被执行人名单。`,
          ],
      };
    },
  },
  {
    key: 'builder-pays-to-bid', category: '正面典型', behaviours: [1], link: 'org', fits: (e) => /建筑|建设/.test(e.name) && e.obligation.includes('工程款'),
    write: ({ p, court, a }) => ({
      title: '为重返招投标市场 建筑企业主动清偿工程款',
      summary: `${p}因拖欠工程款被纳入失信名单，在招投标中屡屡受限，最终主动清偿全部欠款并申请信用修复。`,
      paragraphs: [
        `${p}与申请执行人建设工程施工合同纠纷一案，生效法律文书确定该公司给付工程款${a}元及利息。该公司未按期履行，${court}依法将其纳入失信被执行人名单。`,
        `此后，该公司在参与多个政府投资项目投标时，均因失信记录被取消投标资格。公司负责人意识到，失信的代价远高于欠款本身。`,
        `该公司主动联系执行法官，筹措资金一次性清偿了全部欠款及迟延履行期间的债务利息，并申请删除失信信息。法院审查后依法作出决定，并向相关部门推送了信用修复信息。`,
        `**典型意义**　联合惩戒让失信企业在市场准入中处处受限，守信履行则能及时恢复信用，这一导向促使越来越多的企业主动履行。`,
      ],
    }),
  },
  {
    key: 'worker-saves-to-pay-compensation', category: '正面典型', behaviours: [1], link: 'person', fits: (e) => e.obligation.includes('赔偿原告医疗费'),
    write: ({ p, court, a }) => ({
      title: '外出务工攒下工钱 被执行人主动还清赔偿款',
      summary: `交通事故赔偿案件的被执行人${p}外出务工一年，攒下工钱后主动到${court}交清赔偿款。`,
      paragraphs: [
        `${p}驾驶车辆发生交通事故致人受伤，生效法律文书确定其赔偿各项损失${a}元。因无力一次性支付，${p}被纳入失信被执行人名单。`,
        `执行法官了解到，${p}并非有意逃避，而是家中确实困难。执行法官向其讲明失信的后果，也告诉他主动履行后可以依法屏蔽失信信息。`,
        `此后一年，${p}在外地工地务工，省吃俭用。春节前返乡后，他第一时间来到法院，交清了全部赔偿款。法院当即解除了对其的限制措施。`,
      ],
    }),
  },
  {
    key: 'mine-regains-credit', category: '正面典型', behaviours: [], link: null, party: '本溪某矿业有限责任公司',
    write: ({ p, court, a }) => ({
      title: '矿业公司履行完毕获信用修复 顺利取得银行贷款',
      summary: `${p}履行全部义务后，${court}依法删除其失信信息并出具信用修复证明，企业恢复融资。`,
      paragraphs: [
        `${p}因拖欠货款${a}元被申请强制执行。因资金链紧张，该公司一度未能履行，面临被纳入失信名单。`,
        `执行法官多次到企业走访，在保障企业正常生产的前提下，采取“活封”方式查封其部分设备，允许企业继续使用。`,
        `企业恢复生产后，用销售回款清偿了全部债务。法院依法出具履行完毕证明，该公司随后顺利取得银行贷款，扩大了生产。`,
        `**典型意义**　善意文明执行兼顾债权人利益与企业生存，既让胜诉权益得到兑现，也为企业留下了发展空间。`,
      ],
    }),
  },
  {
    key: 'father-pays-child-support', category: '正面典型', behaviours: [], link: null,
    write: ({ p, court, a }) => ({
      title: '父亲补齐拖欠抚养费 法官寄语“孩子的成长不能等”',
      summary: `${p}拖欠子女抚养费，经执行法官耐心释法，主动补齐${a}元并承诺按月支付。`,
      paragraphs: [
        `${p}与前妻离婚后，未按生效判决每月支付孩子抚养费，累计拖欠${a}元。孩子的母亲向${court}申请强制执行。`,
        `执行法官没有急于采取强制措施，而是约${p}面谈，向其说明拒不履行将被纳入失信名单、限制高消费，也会影响其今后的生活。`,
        `${p}当场表示悔意，次日即补齐全部拖欠的抚养费，并承诺此后按月支付。孩子的母亲向法院送来感谢信。`,
      ],
    }),
  },
  // ------------------------------------------------------------ 典型案例
  {
    key: 'flight-despite-ban', category: '典型案例', behaviours: [5], link: 'person',
    write: ({ p, court, a }) => ({
      title: '限制消费期间乘坐飞机 被执行人被依法罚款',
      summary: `被执行人${p}在被限制高消费期间多次乘坐飞机出行，${court}依法对其处以罚款，其随后履行全部义务。`,
      paragraphs: [
        `${p}因未履行给付${a}元的义务，被${court}纳入失信被执行人名单并发出限制消费令。`,
        `申请执行人发现${p}在朋友圈晒出外出旅游的照片。执行法官经调查核实，${p}在限制消费期间曾多次乘坐飞机，系以他人名义购票。`,
        `法院依法传唤${p}到庭接受询问，对其违反限制消费令的行为处以罚款。${p}认识到错误，当场缴纳罚款，并在一周内履行了全部义务。`,
        `**典型意义**　以他人名义购票规避限制消费令，同样属于违反限制消费令的行为，将被依法追究责任。`,
      ],
    }),
  },
  {
    key: 'car-registered-to-relative', category: '典型案例', behaviours: [3], link: 'person',
    write: ({ p, court, a }) => ({
      title: '把车登记在亲属名下 隐匿财产被依法纠正',
      summary: `被执行人${p}将新购车辆登记在亲属名下以规避执行，${court}查明后依法执行该车辆。`,
      paragraphs: [
        `${p}欠付${a}元，案件进入执行程序后，网络查控未发现其名下有可供执行的财产。`,
        `执行法官在走访中了解到，${p}经常驾驶一辆越野车出入。经查，该车辆系${p}出资购买，却登记在其亲属名下。`,
        `法院依法对该车辆采取查封措施，并将${p}以隐匿财产方式规避执行的情形纳入失信被执行人名单。${p}的亲属随后配合交出车辆，经拍卖所得价款用于清偿债务。`,
      ],
    }),
  },
  {
    key: 'false-property-report', category: '典型案例', behaviours: [4], link: 'person', fits: (e) => e.obligation.includes('货款'),
    write: ({ p, court }) => ({
      title: '隐瞒银行存款虚假报告财产 被执行人被司法拘留',
      summary: `被执行人${p}在财产报告中隐瞒存款和理财产品，${court}依法对其司法拘留十五日。`,
      paragraphs: [
        `${court}在执行一起买卖合同纠纷案件中，依法向被执行人${p}发出报告财产令。${p}申报称名下除少量存款外别无财产。`,
        `执行法官通过网络查控发现，${p}在报告财产前后曾将大额存款转入理财账户，与其申报内容明显不符。`,
        `法院认定${p}违反财产报告制度，依法对其司法拘留十五日，并将其纳入失信被执行人名单。拘留期间，${p}的家属代其履行了部分款项。`,
        `**典型意义**　如实报告财产是被执行人的法定义务，拒绝报告或虚假报告都将受到惩戒。`,
      ],
    }),
  },
  {
    key: 'sham-loan-lawsuit', category: '典型案例', behaviours: [3], link: null,
    write: ({ p, court, a }) => ({
      title: '与亲属虚构借款参与分配 虚假诉讼规避执行被识破',
      summary: `被执行人${p}与亲属串通虚构${a}元借款，企图通过诉讼参与房产拍卖款分配，被${court}识破。`,
      paragraphs: [
        `${p}名下一套房产被法院拍卖后，其亲属突然持借条起诉，要求${p}偿还借款，并申请参与拍卖款分配。`,
        `承办法官发现，借条出具时间与${p}的其他债务形成时间高度重合，所称现金交付也无任何取款记录。经询问，双方陈述矛盾重重。`,
        `在证据面前，二人承认借款系虚构。法院依法驳回诉讼请求，对二人分别处以罚款，并将${p}以虚假诉讼规避执行的情形纳入失信被执行人名单。`,
      ],
    }),
  },
  {
    key: 'settlement-broken', category: '典型案例', behaviours: [6], link: FIXTURE_IDS.liSiguang,
    write: ({ p, court, a }) => ({
      title: '达成和解后又反悔 无正当理由拒不履行被纳入失信名单',
      summary: `被执行人${p}与申请执行人达成分期和解协议后仅履行一期即停止付款，${court}依法恢复执行并将其纳入失信名单。`,
      paragraphs: [
        `${p}与申请执行人合同纠纷一案，生效法律文书确定${p}给付${a}元。执行中，双方达成和解协议，约定分十期付清。`,
        `${p}仅支付首期款项后便不再付款，执行法官多次联系，${p}均以各种理由推脱，却被发现近期购置了新车。`,
        `申请执行人申请恢复执行。法院认定${p}无正当理由拒不履行执行和解协议，依法将其纳入失信被执行人名单，并对新购车辆采取查封措施。`,
        `**典型意义**　执行和解是当事人的自愿约定，达成后就应当诚信履行。`,
      ],
    }),
  },
  {
    key: 'blocking-the-seizure', category: '典型案例', behaviours: [2], link: FIXTURE_IDS.expired,
    write: ({ p, court }) => ({
      title: '阻挠查封并推搡执行人员 被执行人被拘留并纳入失信名单',
      summary: `${court}依法查封被执行人${p}经营的门市时，${p}锁门阻挠并推搡执行人员，被依法司法拘留。`,
      paragraphs: [
        `${court}在执行一起买卖合同纠纷案件中查明，被执行人${p}经营着一间门市，却一直声称无力履行。`,
        `法院依法查封门市内的存货当日，${p}将房门反锁，并在执行人员进入后推搡执行人员、抢夺执法记录仪。`,
        `法院依法对${p}司法拘留十五日，并以暴力方法妨碍、抗拒执行为由将其纳入失信被执行人名单。查封工作当日顺利完成。`,
        `**典型意义**　以暴力、威胁方法妨碍执行，不仅要受到拘留、罚款，情节严重的还将被追究刑事责任。`,
      ],
    }),
  },
  // ------------------------------------------------------------ 拒执犯罪
  {
    key: 'house-sold-after-judgment', category: '拒执犯罪', behaviours: [1, 3], link: 'person', fits: (e) => e.obligation.includes('偿还原告借款'),
    write: ({ p, court, a, rng }) => ({
      title: '判决生效后低价转让房产 被执行人犯拒不执行判决罪获刑',
      summary: `${p}在判决生效后将名下房产低价转让给他人，致判决无法执行，被以拒不执行判决罪判处有期徒刑${rng.pick(['一年', '一年六个月', '十个月'])}。`,
      paragraphs: [
        `生效判决确定${p}偿还借款${a}元。判决生效后，${p}未履行义务，反而将名下唯一一套房产以明显低于市场的价格转让给朋友。`,
        `${court}执行中查明上述情况后，认为${p}有能力执行而拒不执行，情节严重，依法将案件线索移送公安机关。`,
        `经审理，人民法院以拒不执行判决罪对${p}判处刑罚。案发后，${p}的家属代为履行了部分款项。`,
        `**典型意义**　对有能力执行而拒不执行、情节严重的，人民法院将依法追究其刑事责任。`,
      ],
    }),
  },
  {
    key: 'boss-hides-wage-money', category: '拒执犯罪', behaviours: [1, 3], link: 'org', fits: (e) => e.obligation.includes('劳动报酬'),
    write: ({ p, court }) => ({
      title: '转移公司资金拒付工人工资 企业负责人被追究刑事责任',
      summary: `${p}负责人在执行期间将公司账户资金转入个人账户，拒不支付工人工资，被依法追究刑事责任。`,
      paragraphs: [
        `${p}拖欠工人工资，生效法律文书确定其支付劳动报酬。${court}立案执行后，公司账户余额为零。`,
        `执行法官调取银行流水发现，在案件审理期间，公司负责人将公司账户内的大额资金分多次转入其个人账户。`,
        `法院认定该公司及其负责人有能力执行而拒不执行，依法移送公安机关立案侦查。经审理，该负责人以拒不执行判决、裁定罪被判处有期徒刑，案发后被转移的资金已全部追回，工人领到了工资。`,
      ],
    }),
  },
  {
    key: 'private-prosecution', category: '拒执犯罪', behaviours: [1], link: 'person',
    write: ({ p, court, a }) => ({
      title: '申请执行人提起自诉 拒执被执行人终被定罪',
      summary: `申请执行人以${p}拒不执行判决为由向${court}提起刑事自诉，${p}在审理期间履行全部义务，被依法从轻处罚。`,
      paragraphs: [
        `${p}欠申请执行人${a}元，案件执行多时仍未履行。申请执行人发现${p}经营着一家店铺，收入稳定。`,
        `在法院释明相关规定后，申请执行人收集证据，以${p}涉嫌拒不执行判决罪提起刑事自诉。法院依法受理。`,
        `审理期间，${p}履行了全部执行义务并取得申请执行人谅解。法院综合其犯罪情节和悔罪表现，依法从轻处罚。`,
        `**典型意义**　申请执行人有证据证明被执行人拒不执行判决、裁定，可以依法提起自诉。`,
      ],
    }),
  },
  {
    key: 'leniency-after-paying', category: '拒执犯罪', behaviours: [1, 4], link: null,
    write: ({ p, court, a }) => ({
      title: '拒执罪案发后全额履行 被执行人获从宽处理',
      summary: `${p}隐瞒收入拒不履行，被移送追究刑事责任后主动全额履行${a}元，法院依法从宽处理。`,
      paragraphs: [
        `${p}未如实报告收入情况，多年拒不履行生效判决确定的给付义务，${court}依法将其纳入失信被执行人名单。`,
        `经调查，${p}长期通过他人账户收取经营款。法院将线索移送公安机关，${p}被依法采取强制措施。`,
        `案发后，${p}主动全额履行了执行义务，取得申请执行人的谅解。人民法院依法对其从宽处理。`,
      ],
    }),
  },
  // ------------------------------------------------------------ 联合惩戒
  {
    key: 'train-ticket-refused', category: '联合惩戒', behaviours: [5], link: 'person',
    write: ({ p, court, a }) => ({
      title: '购买高铁车票受限 被执行人当日到法院履行',
      summary: `被执行人${p}购买高铁车票时被提示受限，当日即到${court}履行全部义务。`,
      paragraphs: [
        `${p}因拖欠${a}元未履行，被${court}纳入失信被执行人名单并限制高消费。`,
        `${p}准备乘坐高铁外出办事，在购票时被系统提示无法购买。这才意识到失信带来的不便。`,
        `当天下午，${p}便来到法院交清了全部款项。法院依法解除对其的限制消费措施。`,
        `**典型意义**　限制乘坐飞机、列车软卧和高铁一等座以上座位等措施，由铁路、民航等部门协同落实，联合惩戒让失信者寸步难行。`,
      ],
    }),
  },
  {
    key: 'bid-award-cancelled', category: '联合惩戒', behaviours: [1], link: FIXTURE_IDS.org,
    write: ({ p, court }) => ({
      title: '失信企业中标被取消 联合惩戒延伸至招投标领域',
      summary: `${p}因未履行生效法律文书确定的义务被纳入失信名单，在参与工程投标时被依法取消中标资格。`,
      paragraphs: [
        `${p}未履行生效法律文书确定的给付义务，被${court}纳入失信被执行人名单。`,
        `此后，该公司参加一项市政工程的投标，并被推荐为中标候选人。招标人在公示期间通过信用信息平台核查，发现该公司为失信被执行人。`,
        `根据联合惩戒的有关规定，招标人依法取消了该公司的中标候选人资格。`,
        `**典型意义**　限制失信被执行人参与政府投资项目招投标，是联合惩戒的重要措施之一。`,
      ],
    }),
  },
  {
    key: 'new-flat-found-at-registry', category: '联合惩戒', behaviours: [1, 4], link: 'person',
    write: ({ p, court, a }) => ({
      title: '不动产登记协查显示新购房产 被执行人无法再“哭穷”',
      summary: `不动产登记机构协查发现，被执行人${p}以家人名义出资购房，${court}依法处置后案款全部兑现。`,
      paragraphs: [
        `${p}欠付${a}元，一直声称无力履行，也未按要求报告财产。`,
        `法院通过与不动产登记机构的协作机制查询发现，${p}近期以其配偶名义出资购买了一套商品房。`,
        `执行法官依法对该房产采取查封措施。${p}见状主动筹款履行全部义务，法院随即解除查封。`,
      ],
    }),
  },
  {
    key: 'private-school-restricted', category: '联合惩戒', behaviours: [5], link: null,
    write: ({ p, court, a }) => ({
      title: '子女报读高收费私立学校受限 被执行人主动履行',
      summary: `被执行人${p}为子女报读高收费私立学校时受限，随后主动履行${a}元，限制措施依法解除。`,
      paragraphs: [
        `${p}因未履行生效法律文书确定的给付义务，被${court}限制高消费。`,
        `新学期开学前，${p}为孩子报读一所高收费私立学校，学校在核查时发现其为限制消费人员，无法办理入学。`,
        `${p}随即联系执行法官，一次性履行了全部义务。法院依法解除限制消费措施，孩子顺利入学。`,
        `**典型意义**　限制子女就读高收费私立学校，督促被执行人及时履行，不影响子女接受义务教育的权利。`,
      ],
    }),
  },
];

const SURNAMES = '王李张刘陈杨赵孙周吴徐马朱胡郭高于姜韩冯'.split('');


const CASES_FROM = '2025-01-10';
const CASES_TO = '2026-10-31';

/** The party as a case names it: 刘某, 诸葛某, or the company name with its trade name replaced by 某. */
function anonymise(entry: RawEntry): string {
  if (entry.kind === 'org') {
    const trade = [...TRADE_NAMES, '宏达'].find((t) => entry.name.includes(t));
    return trade ? entry.name.replace(trade, '某') : '某公司';
  }
  if (entry.name.includes('·')) return `${entry.name.split('·')[0]}·某`;
  const compound = COMPOUND_SURNAMES.find((s) => entry.name.startsWith(s));
  return `${compound ?? entry.name[0]}某`;
}

function firstAmount(entry: RawEntry): string | undefined {
  return /人民币(\d+(?:\.\d+)?)元/.exec(entry.obligation)?.[1];
}

/**
 * The 20 cases. With `entries`, cases that concern a random person or organisation pick one
 * with a matching behaviour; without, they name no case number. Fixture-linked cases always link.
 */
export function generateCases(seed: number, entries: readonly RawEntry[] = []): SampleCase[] {
  const rng = createRandom(seed).fork('cases');
  const fixtures = new Map(fixtureEntries().map((e) => [e.id, e]));
  const used = new Set<string>();
  return SCENARIOS.map((scenario) => {
    let linked: RawEntry | undefined;
    if (scenario.link && scenario.link !== 'person' && scenario.link !== 'org') linked = fixtures.get(scenario.link);
    else if (scenario.link) {
      const wanted = scenario.behaviours[scenario.behaviours.length - 1];
      const candidates = entries.filter((e) => e.id.startsWith('bx-') && e.kind === scenario.link && !used.has(e.id)
        && e.publishedOn <= '2026-08-31' && (wanted === undefined || e.behaviours.includes(wanted)) && (scenario.fits?.(e) ?? true));
      if (candidates.length > 0) linked = rng.pick(candidates);
    }
    if (linked) used.add(linked.id);
    const earliest = [CASES_FROM, scenario.notBefore ?? CASES_FROM, linked ? isoOfDay(dayNumber(linked.publishedOn) + 30) : CASES_FROM].sort().at(-1)!;
    const date = isoOfDay(rng.int(dayNumber(earliest), Math.max(dayNumber(earliest), dayNumber(CASES_TO))));
    const court = linked?.court ?? rng.weighted(BENXI_COURTS.map((c) => [c.name, c.weight] as const));
    const party = linked ? anonymise(linked) : (scenario.party ?? (scenario.link === 'org' ? '本溪某建筑工程有限公司' : `${rng.pick(SURNAMES)}某`));
    const a = (linked && firstAmount(linked)) ?? String(rng.int(30, 3000) * 100);
    const { title, summary, paragraphs } = scenario.write({ p: party, court, a, rng });
    return {
      slug: `${date}-${scenario.key}`,
      title,
      date,
      court,
      category: scenario.category,
      summary,
      behaviours: scenario.behaviours,
      relatedCaseNumbers: linked ? [linked.caseNumber] : [],
      body: [...paragraphs, NOTE].join('\n\n') + '\n',
    };
  });
}
