// Strings of the platform layouts (Files view) and the per-platform KPI table, in English and
// Chinese: the roles a recognised layout's columns were read as, and the sentences around them.
// Data values never go through here.

// Platform names (and the platform selector's texts) come from the core's label table
// (src/i18n/platforms.rs), installed by installLabels().
export { PLATFORM_LABELS as PLATFORM_NAMES } from '../i18n.js';
import { PLATFORM_KEYS } from '../i18n.js';

/** Ids of the platforms the core knows by name (`douyin`, …), for the platform selector. */
export function knownPlatforms() {
  return PLATFORM_KEYS.filter((k) => !k.startsWith('platform_') && k !== 'unspecified' && k !== 'all');
}

export const ROLE_LABELS = {
  order: ['order id', '订单号'], line: ['order line id', '子订单号'], item: ['product id', '商品ID'],
  item_title: ['product name', '商品名称'], quantity: ['quantity', '数量'], unit_price: ['unit price', '单价'],
  line_amount: ['line amount', '子订单金额'], order_amount: ['order amount', '订单金额'],
  created_time: ['created at', '下单时间'], paid_time: ['paid at', '支付时间'], status: ['order status', '订单状态'],
  after_sales: ['after-sales status', '售后状态'], refund_amount: ['refund amount', '退款金额'],
  refund_time: ['refund time', '退款时间'], buyer: ['buyer id', '买家ID'], creator: ['creator id', '达人ID'],
  creator_name: ['creator / host', '达人 / 主播'], room: ['live room id', '直播间ID'],
  traffic_source: ['traffic source', '流量来源'], session: ['session id', '场次ID'],
  session_title: ['session title', '直播标题'], start: ['start', '开播时间'], end: ['end', '下播时间'],
  duration: ['duration', '直播时长'], viewers: ['viewers', '观看人数'], views: ['views', '观看次数'],
  impressions: ['impressions', '曝光人数'], peak_concurrent: ['peak online', '最高在线'],
  avg_concurrent: ['average online', '平均在线'], avg_watch_seconds: ['avg. watch time', '人均观看时长'],
  comments: ['comments', '评论数'], likes: ['likes', '点赞数'], shares: ['shares', '分享数'],
  followers: ['new followers', '新增粉丝'], fan_club_joins: ['fan-club joins', '新加粉丝团'],
  product_viewers: ['product impressions', '商品曝光'], product_clickers: ['product clicks', '商品点击'],
  gmv: ['GMV', '成交金额'], orders: ['orders', '成交订单数'], units: ['items sold', '成交件数'],
  buyers: ['buyers', '成交人数'], refunds: ['refunds', '退款金额'], ad_spend: ['ad spend', '投放消耗'],
  viewer: ['viewer id', '观众ID'], viewer_name: ['nickname', '昵称'], time: ['time', '时间'],
  event_type: ['message type', '消息类型'], text: ['comment text', '评论内容'], gift_name: ['gift', '礼物'],
  gift_count: ['gifts', '礼物数'], gift_end: ['streak ended', '连击结束'],
};

const S = {
  recognised: ['Recognised', '已识别'],
  platform: ['Platform', '平台'],
  money_unit: ['Money', '金额单位'],
  unit_fen: ['fen (分), shown in yuan', '分（显示为元）'],
  unit_yuan: ['yuan (元) or local currency', '元或当地货币'],
  not_named: ['not named by the file', '文件未注明'],
  orders_lines: ['{orders} orders in {lines} lines', '{orders} 个订单，{lines} 行'],
  no_buyer_id: ['no buyer id: buyer counts and person-level analyses are not available', '无买家ID：成交人数和按人分析不可用'],
  sessions_read: ['{n} live sessions', '{n} 场直播'],
  events_read: ['{n} events', '{n} 条事件'],
  ties: ['Orders tied to live sessions: {room} by room id, {creator} by creator and time window, {time} by time window; {untied} not tied',
    '订单归属直播场次：按直播间ID {room} 个，按达人和直播时段 {creator} 个，按直播时段 {time} 个；未归属 {untied} 个'],
  dates: ['Dates read as {order}', '日期按 {order} 读取'],
  columns_read: ['How each column was read', '各列的读取方式'],
  read_as: ['Read as', '读作'],
  unit: ['Unit', '单位'],
  by_platform: ['KPIs per platform, side by side', '各平台 KPI 对比'],
  by_platform_note: ['Each platform from its own rows, and all together; — where a platform\'s data gives no such figure. Amounts are added as the exports give them (TikTok in the shop\'s currency); ROI counts only the sessions with a known ad spend.',
    '各平台按各自数据计算，另列合计；“—”表示该平台的数据没有此项。金额按导出原值相加（TikTok 为店铺当地货币）；ROI 只计有投放金额的场次。'],
  kpi: ['KPI', '指标'],
  sessions: ['Sessions', '场次'],
  checks: ['Session summary vs. events', '场次汇总与事件数据对比'],
  checks_note: ['Figures on which the platform\'s session summary and the events disagree beyond rounding.',
    '平台场次汇总与事件数据不一致（超出四舍五入）的指标。'],
  session: ['Session', '场次'],
  figure: ['Figure', '指标'],
  from_events: ['From the events', '事件数据'],
  from_summary: ['Session summary', '场次汇总'],
  difference: ['Difference', '差值'],
  summary_filled: ['{n} sessions take figures from a session summary (marked *).', '{n} 场直播的部分指标来自场次汇总（标 *）。'],
};

/** The string `key` in `lang` with `{name}` slots filled from `vars`. */
export function ps(lang, key, vars = {}) {
  const pair = S[key] || [key, key];
  const s = lang === 'zh' ? pair[1] : pair[0];
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}

/** A label of one of the tables above, falling back to the key itself. */
export function label(table, lang, key) {
  const pair = table[key];
  return pair ? (lang === 'zh' ? pair[1] : pair[0]) : key;
}
