// The page's own strings in English and Chinese. Labels the core also writes (events, report
// sections, recommendation models) come from the core's table: see installLabels() below.
// Data values never go through here.

export const STRINGS = {
  en: {
    brand: 'LiveLens',
    tagline: 'Live-room analytics that never leave your browser',
    privacy: 'Private: your files are read and analysed on this device. Nothing is uploaded.',
    lang_switch: '中文',
    source_demo: 'Demo data',
    source_own: 'Your data',
    showing_demo: 'Showing: demo data (a generated creator with 30 live sessions)',
    showing_own: 'Showing: your data',
    showing_none: 'No data yet: drop your exports below',
    drop_title: 'Drop your live-room exports here',
    drop_hint: 'Events, orders, products, users, sessions — CSV, TSV, JSON, NDJSON or XLSX, UTF-8, UTF-16 or GBK',
    pick_files: 'Choose files',
    clear_files: 'Remove all',
    settings: 'Settings',
    timezone: 'Time zone of naive timestamps',
    drop_duplicates: 'Drop exact duplicate rows',
    files: 'Files and what was understood',
    file_kind: 'Kind',
    format: 'Format',
    encoding: 'Encoding',
    delimiter: 'Delimiter',
    sheet: 'Sheet',
    rows_read: 'Rows read',
    rows_accepted: 'Accepted',
    rows_rejected: 'Rejected',
    merged_with_orders: 'Payments and refunds also in the orders file (counted once)',
    columns: 'Column mapping',
    column: 'Column',
    maps_to: 'Means',
    samples: 'First values',
    not_used: '(not used)',
    attribute: 'user attribute',
    rejected_rows: 'Rejected rows',
    reason: 'Reason',
    count: 'Count',
    examples: 'Examples (line · column · value)',
    line: 'line',
    warnings: 'Warnings',
    unknown_events: 'Unknown event names — map them to a canonical event',
    keep_unknown: '(keep as unknown)',
    remove: 'Remove',
    apply: 'Apply',
    kpis: 'Live-room KPIs',
    overall: 'Overall',
    by_session: 'Per session',
    session: 'Session',
    sessions: 'Sessions',
    host: 'Host',
    start: 'Start',
    hosts: 'Host leaderboard',
    charts: 'Charts',
    download_png: 'PNG',
    show_table: 'Table',
    progress_reading: 'Reading files…',
    progress_parsing: 'Parsing…',
    progress_analysing: 'Analysing…',
    progress_demo: 'Generating demo data…',
    cancel: 'Cancel',
    error: 'Something went wrong',
    crashed: 'The analysis engine stopped unexpectedly. It has been restarted; your page still works.',
    no_data: 'No events or payments could be read from these files.',
    nothing_loaded: 'Nothing loaded yet.',
    rows: 'rows',
    kind_events: 'Events',
    kind_orders: 'Orders',
    kind_items: 'Products',
    kind_users: 'Users',
    kind_sessions: 'Sessions',
    kind_auto: 'Detect',
    detected: 'detected',
    dataset: '{events} events · {users} people · {sessions} sessions · {items} products · {first} – {last}',
  },
  zh: {
    brand: 'LiveLens 直播透镜',
    tagline: '数据不出浏览器的直播间分析',
    privacy: '隐私：文件只在本机读取和分析，不会上传任何数据。',
    lang_switch: 'English',
    source_demo: '示例数据',
    source_own: '我的数据',
    showing_demo: '当前：示例数据（一位知识博主的 30 场直播，程序生成）',
    showing_own: '当前：我的数据',
    showing_none: '还没有数据：把导出文件拖到下面',
    drop_title: '把直播间导出文件拖到这里',
    drop_hint: '行为事件、订单、商品、用户、场次 — 支持 CSV、TSV、JSON、NDJSON、XLSX，UTF-8、UTF-16、GBK 编码',
    pick_files: '选择文件',
    clear_files: '全部移除',
    settings: '设置',
    timezone: '无时区时间的时区',
    drop_duplicates: '去掉完全重复的行',
    files: '文件与识别结果',
    file_kind: '类型',
    format: '格式',
    encoding: '编码',
    delimiter: '分隔符',
    sheet: '工作表',
    rows_read: '读取行数',
    rows_accepted: '接受',
    rows_rejected: '拒绝',
    merged_with_orders: '与订单文件重复的支付和退款（只计一次）',
    columns: '列映射',
    column: '列名',
    maps_to: '含义',
    samples: '前几个值',
    not_used: '（不使用）',
    attribute: '用户属性',
    rejected_rows: '被拒绝的行',
    reason: '原因',
    count: '数量',
    examples: '示例（行 · 列 · 值）',
    line: '第',
    warnings: '提示',
    unknown_events: '未识别的事件名 — 请对应到标准事件',
    keep_unknown: '（保留为未识别）',
    remove: '移除',
    apply: '应用',
    kpis: '直播间核心指标',
    overall: '总体',
    by_session: '分场次',
    session: '场次',
    sessions: '场次数',
    host: '主播',
    start: '开始时间',
    hosts: '主播排行',
    charts: '图表',
    download_png: 'PNG',
    show_table: '表格',
    progress_reading: '正在读取文件…',
    progress_parsing: '正在解析…',
    progress_analysing: '正在分析…',
    progress_demo: '正在生成示例数据…',
    cancel: '取消',
    error: '出错了',
    crashed: '分析引擎意外停止，已自动重启；页面仍可正常使用。',
    no_data: '这些文件中没有读到行为事件或支付记录。',
    nothing_loaded: '尚未加载数据。',
    rows: '行',
    kind_events: '行为事件',
    kind_orders: '订单',
    kind_items: '商品',
    kind_users: '用户',
    kind_sessions: '直播场次',
    kind_auto: '自动识别',
    detected: '自动识别',
    dataset: '{events} 条事件 · {users} 人 · {sessions} 场 · {items} 个商品 · {first} – {last}',
  },
};

// KPI keys of metrics.md with their names (the Chinese ones are the platforms' terms).
export const KPI_LABELS = {
  viewers: ['Viewers (UV)', '观看人数'],
  views: ['Views (PV)', '观看次数'],
  avg_watch_seconds: ['Avg. watch time', '人均观看时长'],
  peak_concurrent: ['Peak concurrent (PCU)', '峰值在线'],
  avg_concurrent: ['Avg. concurrent', '平均在线'],
  interaction_rate: ['Interaction rate', '互动率'],
  comments_per_minute: ['Comments / min', '每分钟评论'],
  follow_rate: ['Follow rate', '转粉率'],
  product_click_rate: ['Product click rate', '商品点击率'],
  click_to_pay_rate: ['Click-to-pay rate', '点击-成交转化率'],
  conversion_rate: ['View-to-pay conversion', '观看-成交率'],
  buyers: ['Buyers', '成交人数'],
  orders: ['Orders', '成交订单数'],
  gmv: ['GMV', '成交金额'],
  aov: ['Avg. order value', '笔单价'],
  revenue_per_buyer: ['Revenue per buyer', '客单价'],
  gpm: ['GPM (GMV per 1k views)', '千次观看成交金额'],
  uv_value: ['UV value', 'UV价值'],
  refund_rate: ['Refund rate', '退款率'],
  roi: ['ROI', '投产比'],
  net_roi: ['Net ROI', '净投产比'],
};

// How each KPI is formatted.
export const KPI_FORMAT = {
  viewers: 'int', views: 'int', avg_watch_seconds: 'duration', peak_concurrent: 'int',
  avg_concurrent: 'dec', interaction_rate: 'pct', comments_per_minute: 'dec', follow_rate: 'pct',
  product_click_rate: 'pct', click_to_pay_rate: 'pct', conversion_rate: 'pct', buyers: 'int',
  orders: 'int', gmv: 'money', aov: 'money', revenue_per_buyer: 'money', gpm: 'money',
  uv_value: 'money', refund_rate: 'pct', roi: 'ratio', net_roi: 'ratio',
};

export const FIELD_LABELS = {
  user: ['user id', '用户ID'], time: ['time', '时间'], event: ['event', '事件'],
  session: ['session', '场次'], item: ['product id', '商品ID'], order: ['order id', '订单号'],
  amount: ['amount', '金额'], status: ['order status', '订单状态'], refund_time: ['refund time', '退款时间'],
  refund_amount: ['refund amount', '退款金额'], title: ['title', '标题'], category: ['category', '类目'],
  tags: ['tags', '标签'], price: ['price', '价格'], host: ['host', '主播'], start: ['start', '开始时间'],
  end: ['end', '结束时间'], ad_spend: ['ad spend', '投放金额'], platform: ['platform', '平台'],
};

export const KIND_FIELDS = {
  events: ['user', 'time', 'event', 'session', 'item', 'order', 'amount', 'platform'],
  orders: ['user', 'time', 'amount', 'order', 'item', 'session', 'status', 'refund_time', 'refund_amount', 'title', 'platform'],
  items: ['item', 'title', 'category', 'tags', 'price'],
  users: ['user'],
  sessions: ['session', 'host', 'title', 'start', 'end', 'ad_spend'],
};

// Labels of canonical events, report sections and recommendation models come from the one
// table in the Rust core (src/i18n/labels.rs), handed over by the wasm once at start:
// the worker's `init` answer carries `labels: {en, zh}` (wasm `labels(lang)`), and the page
// passes it to installLabels() before any data is shown. These objects are filled in place, so
// modules that imported them see the labels. `EVENTS`: canonical event keys in metrics.md order.
export const EVENT_LABELS = {};
export const EVENTS = [];
export const MODEL_LABELS = {};
export const MODELS = [];
/** Comment intents (`question`, …) and objection themes (`theme_price`, …). */
export const COMMENT_LABELS = {};
export const COMMENT_KEYS = [];
/** Platform names by id (`douyin`, …, `unspecified`, `all`) and the platform selector's texts. */
export const PLATFORM_LABELS = {};
export const PLATFORM_KEYS = [];
/** The clustering's features (`recency_days`, …) by key. */
export const FEATURE_LABELS = {};
export const FEATURE_KEYS = [];
/** The names the core gives groups of persons (RFM segments, `no purchase`, `all viewers`, a
 * funnel breakdown's `(none)` and `other`; `cluster`, the word of `cluster N`), by the name the
 * report has: src/i18n/labels.rs `group_rows`. */
export const GROUP_LABELS = {};
export const GROUP_KEYS = [];

/** Fills the labels above and the `stage_<section>` strings from the wasm label tables. */
export function installLabels(tables) {
  if (!tables || !tables.en || !tables.zh) return;
  const pairs = (part, target, keys) => {
    keys.length = 0;
    for (const k of Object.keys(target)) delete target[k];
    tables.en[part].forEach(({ key, label }, i) => {
      target[key] = [label, tables.zh[part][i].label];
      keys.push(key);
    });
  };
  pairs('events', EVENT_LABELS, EVENTS);
  pairs('models', MODEL_LABELS, MODELS);
  if (tables.en.comments) pairs('comments', COMMENT_LABELS, COMMENT_KEYS);
  if (tables.en.platforms) pairs('platforms', PLATFORM_LABELS, PLATFORM_KEYS);
  if (tables.en.features) pairs('features', FEATURE_LABELS, FEATURE_KEYS);
  if (tables.en.groups) pairs('groups', GROUP_LABELS, GROUP_KEYS);
  for (const lang of ['en', 'zh']) {
    for (const { key, label } of tables[lang].sections) STRINGS[lang]['stage_' + key] = label;
    // Chart texts (src/i18n/labels.rs `ChartText`) as `chart_<Key>`, for views that show them
    // beside the charts (the Interactions and Traffic & time slots views).
    for (const { key, label } of tables[lang].charts || []) STRINGS[lang]['chart_' + key] = label;
  }
}

// Rejection reasons (codes from the Rust core).
export const REASONS = {
  wrong_field_count: ['different number of fields than the header', '字段数与表头不一致'],
  not_an_object: ['JSON element is not an object', 'JSON 元素不是对象'],
  missing_user: ['empty user id', '用户ID为空'],
  missing_time: ['empty timestamp', '时间为空'],
  bad_time: ['unparsable timestamp', '时间无法识别'],
  time_out_of_range: ['timestamp outside 2000–2100', '时间超出 2000–2100 年'],
  missing_event: ['empty event name', '事件名为空'],
  missing_amount: ['empty amount', '金额为空'],
  bad_amount: ['unparsable amount', '金额无法识别'],
  negative_amount: ['negative amount', '金额为负数'],
  non_finite_amount: ['NaN or infinite amount', '金额为 NaN 或无穷大'],
  missing_item: ['empty product id', '商品ID为空'],
  missing_session: ['empty session id', '场次ID为空'],
  bad_price: ['unparsable or negative price', '价格无法识别或为负'],
  bad_spend: ['unparsable or negative ad spend', '投放金额无法识别或为负'],
  unknown_status: ['unknown order status', '未知订单状态'],
  missing_order: ['empty order id', '订单号为空'],
  value_too_long: ['id longer than 1,000 characters', 'ID 超过 1000 个字符'],
  duplicate_row: ['exact duplicate of an earlier row', '与前面某行完全重复'],
};

// File-level problems (codes from the Rust core); the English sentence from the core is shown
// in English, these in Chinese.
export const FILE_ERRORS_ZH = {
  empty_file: '文件是空的',
  no_header: '文件没有表头行',
  no_rows: '只有表头，没有数据行',
  binary: '这不是文本表格（CSV、TSV、JSON）或电子表格（XLSX），看起来是二进制数据',
  bad_encoding: '无法识别文件编码（不是 UTF-8、UTF-16 或 GB18030/GBK）；请另存为 UTF-8 CSV 后再试',
  json_not_objects: '是 JSON，但不是对象数组（每行一个对象）',
  bad_json: '看起来是 JSON，但格式有误',
  bad_spreadsheet: '电子表格无法读取，请重新保存或导出为 CSV',
  no_such_sheet: '没有这个工作表',
  wrong_kind: '文件类型与所选不符',
  unknown_kind: '无法判断文件类型，请选择类型并设置列映射',
  missing_user_column: '找不到用户ID列（如 user_id、用户ID），请在列映射中指定',
  missing_column: '缺少必需的列，请在列映射中指定',
};

export function makeT(lang) {
  const s = STRINGS[lang] || STRINGS.en;
  const i = lang === 'zh' ? 1 : 0;
  const t = (key, vars) => {
    let out = s[key] ?? STRINGS.en[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) out = out.replaceAll(`{${k}}`, String(v));
    return out;
  };
  t.pair = (table, key) => (table[key] ? table[key][i] : key);
  /** A group's name from the report (`Champions`, `cluster 3`, `(none)`…) in this language, as
   * the charts name it (src/i18n/labels.rs `group_label`); other values as they are. */
  t.group = (name) => {
    const n = /^cluster (\d+)$/.exec(name);
    if (n) return `${t('cluster')} ${n[1]}`;
    return name === 'cluster' ? name : t.pair(GROUP_LABELS, name);
  };
  t.lang = lang;
  return t;
}

// Strings of the analysis views (views/*.js), merged into STRINGS.
export const VIEW_STRINGS = {
  en: {
    list_sep: ', ',
    needs_events: 'This needs {need} events; your data has only: {have}.',
    orders_only_hint: 'An orders-only file still gives retention, cohorts, repeat purchase and LTV (Retention view).',
    needs_sessions: 'This needs a session id on the events (or a sessions table with start and end times).',
    needs_buyer_id: 'This needs a buyer id on the orders, which this export does not have (the Douyin shop export masks buyers). GMV, orders, products, bundles by order and time slots are computed without one.',
    could_not_run: 'This analysis could not run on this data.',
    people: 'People', step: 'Step', group: 'Group', value: 'Value', label: 'Label', time: 'Time', minutes: 'Minutes',
    gmv: 'GMV', orders: 'Orders', buyers: 'Buyers', aov: 'Avg. order value', user: 'User', product: 'Product', price: 'Price',
    category: 'Category', segment: 'Segment', probability: 'Probability', conversion: 'Conversion', details: 'Details',
    duration: 'Duration', average: 'Average', export_csv_all: 'Export all as CSV',
    // funnel
    funnel_settings: 'Funnel steps and settings', add_step: 'Add step', remove_step: 'Remove this step',
    funnel_mode: 'Order of steps', mode_ordered: 'In order (other events may come between)',
    mode_strict: 'Strictly in order (nothing between)', mode_any_order: 'Any order',
    funnel_window: 'Conversion window (from step 1)', unit_seconds: 'seconds', unit_minutes: 'minutes', unit_hours: 'hours', unit_days: 'days',
    breakdown: 'Break down by', bd_none: 'Nothing', bd_session: 'Session', bd_host: 'Host', bd_attribute: 'User attribute: {name}',
    bd_rfm: 'RFM segment', bd_cluster: 'Behaviour cluster',
    funnel_note: 'Each person counts once, at the furthest step reached within the window; breakdowns use the value at step 1.',
    funnel_steps: 'People at each step', funnel_summary: '{start} people started, {end} reached the last step ({rate}).',
    conv_from_start: 'Conversion from step 1', conv_from_prev: 'From previous step', drop_off: 'Dropped', drop_off_rate: 'Drop-off rate',
    median_time_prev: 'Median time from previous', mean_time_prev: 'Mean time from previous',
    funnel_by_breakdown: 'People at each step, by group', funnel_trend: 'Funnel per session',
    funnel_rfm_note: 'RFM segments are made of the people who paid (so their conversion to a payment is high by definition); the people without a purchase are under “{none}”.',
    people_step1: 'People at step 1', completed: 'Reached the last step',
    // timeline
    timeline_pick: 'Which live session', n_viewers: '{n} viewers', bucket: 'Resolution',
    bucket_1: '1 minute', bucket_5: '5 minutes', bucket_15: '15 minutes', peak_at: 'Peak concurrent (at {at})',
    pitches: 'Product pitches', spikes: 'GMV spikes', pitch_windows: 'Product pitch windows', from_to: 'From – to (h:mm)',
    gmv_per_minute: 'GMV per minute', no_pitches: 'No product pitch was found in this session.', no_spikes: 'No minute had unusually high GMV.',
    spike_rule: 'A spike is a minute whose GMV is above the median of selling minutes ({median}) plus 3 × MAD ({mad}).',
    concurrent: 'Concurrent viewers', pitching: 'Product being pitched',
    // retention
    retention_settings: 'Cohorts and retention', period: 'Period', period_day: 'Day', period_week: 'Week',
    ret_mode: 'Counts as retained', ret_on: 'Came back in that period', ret_on_or_after: 'Came back in that period or later',
    start_event: 'Cohort by first', return_event: 'Return event', any_event: 'Any event',
    retention_note: 'A cohort is the period of a person\'s first start event; a cell is the share of the cohort with a return event n periods later.',
    repeat_purchase: 'Repeat purchase', repeat_purchase_rate: 'Repeat purchase rate', repeat_buyers: 'Repeat buyers (2+ orders)',
    cohorts: 'Cohorts', avg_retained_1: 'Retained after 1 {unit} (average)', cohort_table: 'Cohort table', cohort: 'Cohort',
    ltv_last: 'LTV so far (net revenue per person)', first_periods: 'First {n} periods shown; the heatmap has all of them.',
    lifecycle: 'Lifecycle per period', lc_new: 'New', lc_returning: 'Returning', lc_resurrecting: 'Resurrecting', lc_dormant: 'Dormant',
    // compare
    no_hosts: 'No hosts in the data: add a sessions file with a host column for the host leaderboard.',
    host_by_category: 'Hosts × product categories', share_of_host_gmv: 'Share of host GMV', host_viewers: 'Host viewers',
    buyers_per_viewer: 'Buyers / host viewers',
    ab_test: 'A/B comparison', compare_what: 'Compare', two_hosts: 'Two hosts', two_session_sets: 'Two sets of sessions',
    attribute_split: 'Attribute: {name}', group_a: 'A (control)', group_b: 'B (variant)', multi_hint: 'Ctrl/⌘-click for several',
    metric: 'Metric', metric_conversion: 'View-to-pay conversion', metric_click_through: 'Product click-through',
    metric_follow: 'Follow rate', metric_interaction: 'Interaction rate', compare_apply: 'Compare',
    compare_pick: 'Choose two groups above and press Compare.', control: 'control',
    trials_conversion: 'Viewers', trials_click_through: 'Product viewers', trials_follow: 'Viewers', trials_interaction: 'Viewers',
    successes_conversion: 'Buyers', successes_click_through: 'Clickers', successes_follow: 'Followers', successes_interaction: 'Interacting viewers',
    rate_wilson: 'Rate [95% Wilson interval]', statistic: 'Statistic', difference: 'Difference B − A [95% CI]',
    relative_lift: 'Relative lift', p_value: 'p-value (two-sided)', chance_to_beat: 'Chance B beats A',
    srm: 'Sample-ratio mismatch', srm_yes: 'Yes — group sizes are suspicious', srm_no: 'No',
    srm_warning: 'The two groups\' sizes differ more than chance allows (p = {p}); check how the groups were formed before trusting the result.',
    sample_size: 'People needed per group', more_needed: 'Still needed per group',
    // audience
    rfm_title: 'RFM segments', kpis_by_segment: 'Live-room KPIs per segment', kpis_by_cluster: 'Live-room KPIs per cluster', as_of: 'As of (recency counted to)', as_of_reset: 'Back to the day after the data',
    rfm_note: 'Scores 1–5 by quintile: 5 = most recent, most frequent, biggest spender. Segments are named from R and F.',
    share_of_people: 'Share of people', share_of_revenue: 'Share of revenue', suggested_action: 'What to do',
    clusters_title: 'Behaviour clusters', clusters_k: 'Number of clusters', k_auto: 'Automatic (best silhouette)',
    cluster_summary: '{k} clusters of {n} people; silhouette {s}.', cluster: 'Cluster', feature: 'Feature',
    cluster_mean: 'Cluster mean', overall_mean: 'Everyone', z_score: 'Difference (SD)', top_categories: 'Top categories',
    top_attributes: 'Over-represented', overall: 'overall',
    prediction_title: 'Who will buy', threshold: 'Decision threshold', threshold_reason: 'Chosen threshold {thr}: {reason}. Average precision on the test set: {ap}. Move the slider to trade precision for recall.', predict_label: 'Predicts: {label}. Trained on {train} people, tested on {test}; {pos} of the {all} are buyers.',
    accuracy: 'Accuracy', precision: 'Precision', recall: 'Recall', confusion: 'Confusion matrix (test set, threshold {thr})',
    pred_no: 'Predicted: no', pred_yes: 'Predicted: buys', actual_no: 'Did not buy', actual_yes: 'Bought',
    prob_by_attribute: 'Probability by attribute', likely_buyers_title: 'Likely buyers among people who have not paid yet ({n})',
    membership_title: 'Segment membership', membership_note: 'One row per person: R, F, M scores, recency, frequency, monetary, RFM segment, cluster and predicted probability.',
    export_membership: 'Export segment membership (CSV)',
    // recommend
    rec_model: 'Recommendation model', model: 'Model', model_auto: 'Automatic (best in evaluation)',
    model_in_use: 'In use: {model} ({by}).', chosen_by_user: 'your choice', chosen_by_evaluation: 'best NDCG in the evaluation',
    chosen_by_default: 'default', evaluation_title: 'How well each model predicts purchases',
    evaluation_note: 'Offline evaluation: purchases held out, all other products ranked; metrics at the top {k}. ★ = best.',
    split: 'Split', split_time_split: 'Last purchases held out', split_leave_one_out: 'Leave one out', hit_rate: 'Hit rate', coverage: 'Catalogue coverage',
    per_viewer: 'What to pitch to each viewer', search_user: 'Find a viewer (user id)',
    viewers_listed: 'Showing {shown} of {n} matching viewers ({all} listed).', compute_for: 'Recommend for "{id}"',
    unknown_users: 'Not in the data: {ids}', show_all_viewers: 'Show all viewers',
    per_product: 'Who will buy each product', product_buyers: '{n} people have bought it.', likely_buyers: 'Likely buyers',
    similar_products: 'Similar products', similarity: 'Similarity',
    lineup_title: 'Next live: suggested line-up', lineup_audience: 'Expected audience: {n} people (viewers of {sessions}; {fresh} new).',
    expected_gmv: 'Expected GMV', expected_buyers: 'Expected buyers', why: 'Why',
    hosts_per_segment: 'Which host suits which segment', grouping: 'Grouping', grouping_all: 'everyone', grouping_rfm: 'RFM segment', grouping_cluster: 'cluster', grouping_given: 'given', hosts_too_small: 'Too small to match hosts (under {min} people): {list}.', best_hosts: 'Hosts by conversion',
    // bundles
    rules_settings: 'Association rules', basket_by: 'A basket is', basket_person_session: 'A person\'s purchases in one session',
    basket_order: 'One order', min_support: 'Min. support (share of baskets)', min_confidence: 'Min. confidence', max_rules: 'Max. rules',
    rules_note: 'Rules X → y with support = baskets with X and y / all baskets, confidence = P(y | X), lift = confidence / P(y).',
    baskets: 'Baskets', products_in_baskets: 'Products', min_count: 'Min. baskets per rule', frequent_itemsets: 'Frequent itemsets',
    rules_found: 'Rules', bundle_suggestions: 'Bundle suggestions', rules_table: 'Rules', rule: 'Rule (if bought → also bought)',
    support: 'Support', confidence: 'Confidence', lift: 'Lift', leverage: 'Leverage', conviction: 'Conviction',
    no_rules: 'No rule reaches these thresholds: lower the minimum support or confidence.',
  },
  zh: {
    list_sep: '、',
    needs_events: '这项分析需要「{need}」事件；你的数据只有：{have}。',
    orders_only_hint: '只有订单的文件仍可查看留存、分组、复购和 LTV（「留存」页）。',
    needs_sessions: '这项分析需要事件带有场次ID（或提供含开始、结束时间的场次表）。',
    needs_buyer_id: '这项分析需要订单带有买家ID，而这份导出没有（抖店订单导出隐去了买家）。成交金额、订单数、商品、按订单的组合和时段不需要买家ID，照常计算。',
    could_not_run: '这项分析无法在当前数据上运行。',
    people: '人数', step: '步骤', group: '分组', value: '数值', label: '名称', time: '时间', minutes: '分钟',
    gmv: '成交金额', orders: '订单数', buyers: '成交人数', aov: '笔单价', user: '用户', product: '商品', price: '价格',
    category: '类目', segment: '分群', probability: '概率', conversion: '转化率', details: '明细',
    duration: '时长', average: '平均', export_csv_all: '全部导出为 CSV',
    funnel_settings: '漏斗步骤与设置', add_step: '添加步骤', remove_step: '删除此步骤',
    funnel_mode: '步骤顺序', mode_ordered: '按顺序（中间可有其他事件）', mode_strict: '严格按顺序（中间不能有其他事件）', mode_any_order: '任意顺序',
    funnel_window: '转化窗口（从第一步起）', unit_seconds: '秒', unit_minutes: '分钟', unit_hours: '小时', unit_days: '天',
    breakdown: '拆分维度', bd_none: '不拆分', bd_session: '场次', bd_host: '主播', bd_attribute: '用户属性：{name}',
    bd_rfm: 'RFM 分群', bd_cluster: '行为群组',
    funnel_note: '每人只计一次，按窗口内到达的最远步骤；拆分按第一步时的取值。',
    funnel_steps: '各步骤人数', funnel_summary: '{start} 人进入漏斗，{end} 人到达最后一步（{rate}）。',
    conv_from_start: '相对第一步转化率', conv_from_prev: '相对上一步转化率', drop_off: '流失人数', drop_off_rate: '流失率',
    median_time_prev: '距上一步用时（中位数）', mean_time_prev: '距上一步用时（平均）',
    funnel_by_breakdown: '各分组各步骤人数', funnel_trend: '各场次漏斗',
    funnel_rfm_note: 'RFM 分群只包含付过款的人（因此各分群到支付的转化率天然偏高）；没有购买的人归在“{none}”。', people_step1: '第一步人数', completed: '到达最后一步',
    timeline_pick: '选择直播场次', n_viewers: '{n} 人观看', bucket: '时间粒度', bucket_1: '1 分钟', bucket_5: '5 分钟', bucket_15: '15 分钟',
    peak_at: '峰值在线（{at}）', pitches: '商品讲解', spikes: '成交高峰', pitch_windows: '商品讲解时段', from_to: '起止（时:分）',
    gmv_per_minute: '每分钟成交额', no_pitches: '本场未发现商品讲解时段。', no_spikes: '没有成交额异常高的分钟。',
    spike_rule: '成交高峰：该分钟成交额高于有成交分钟的中位数（{median}）加 3 倍 MAD（{mad}）。',
    concurrent: '在线人数', pitching: '正在讲解的商品',
    retention_settings: '分组与留存', period: '周期', period_day: '天', period_week: '周',
    ret_mode: '留存口径', ret_on: '当期回访', ret_on_or_after: '当期或之后回访',
    start_event: '按首次事件分组', return_event: '回访事件', any_event: '任意事件',
    retention_note: '分组为用户首次发生起始事件所在的周期；单元格为该组在第 n 个周期有回访事件的人数占比。',
    repeat_purchase: '复购', repeat_purchase_rate: '复购率', repeat_buyers: '复购人数（2 单及以上）', cohorts: '分组数',
    avg_retained_1: '1 {unit}后留存（平均）', cohort_table: '分组明细', cohort: '分组', ltv_last: '至今 LTV（人均净收入）',
    first_periods: '只显示前 {n} 个周期；热力图包含全部周期。',
    lifecycle: '各周期用户生命周期', lc_new: '新用户', lc_returning: '回访', lc_resurrecting: '召回', lc_dormant: '沉睡',
    no_hosts: '数据中没有主播：请添加带主播列的场次文件以查看主播排行。',
    host_by_category: '主播 × 商品类目', share_of_host_gmv: '占主播成交额', host_viewers: '主播观看人数', buyers_per_viewer: '成交人数 / 主播观看人数',
    ab_test: 'A/B 对比', compare_what: '对比对象', two_hosts: '两位主播', two_session_sets: '两组场次', attribute_split: '属性：{name}',
    group_a: 'A（对照）', group_b: 'B（实验）', multi_hint: '按住 Ctrl/⌘ 多选', metric: '指标',
    metric_conversion: '观看-成交率', metric_click_through: '商品点击率', metric_follow: '转粉率', metric_interaction: '互动率',
    compare_apply: '对比', compare_pick: '请在上方选择两组并点击「对比」。', control: '对照',
    trials_conversion: '观看人数', trials_click_through: '商品曝光人数', trials_follow: '观看人数', trials_interaction: '观看人数',
    successes_conversion: '成交人数', successes_click_through: '点击人数', successes_follow: '关注人数', successes_interaction: '互动人数',
    rate_wilson: '比率 [95% Wilson 区间]', statistic: '统计量', difference: '差值 B − A [95% 置信区间]', relative_lift: '相对提升',
    p_value: 'p 值（双侧）', chance_to_beat: 'B 胜过 A 的概率', srm: '样本比例失衡', srm_yes: '是 — 两组人数可疑', srm_no: '否',
    srm_warning: '两组人数的差异超出随机范围（p = {p}）；请先检查分组方式再相信结果。',
    sample_size: '每组所需人数', more_needed: '每组还需人数',
    rfm_title: 'RFM 分群', kpis_by_segment: '各分群直播间核心指标', kpis_by_cluster: '各聚类直播间核心指标', as_of: '计算截至日期', as_of_reset: '恢复为数据最后一天的次日',
    rfm_note: '按五分位打 1–5 分：5 = 最近、最频繁、消费最多。分群按 R 和 F 命名。',
    share_of_people: '人数占比', share_of_revenue: '收入占比', suggested_action: '建议动作',
    clusters_title: '行为群组', clusters_k: '群组数', k_auto: '自动（轮廓系数最佳）',
    cluster_summary: '{n} 人分为 {k} 个群组；轮廓系数 {s}。', cluster: '群组', feature: '特征',
    cluster_mean: '群组均值', overall_mean: '全体均值', z_score: '差异（标准差）', top_categories: '主要类目', top_attributes: '偏多的属性', overall: '全体',
    prediction_title: '谁会购买', threshold: '判定阈值', threshold_reason: '选定阈值 {thr}（{reason}）。测试集平均精度：{ap}。拖动滑块在精确率和召回率之间取舍。', predict_label: '预测：{label}。训练 {train} 人，测试 {test} 人；这 {all} 人中 {pos} 人购买。',
    accuracy: '准确率', precision: '精确率', recall: '召回率', confusion: '混淆矩阵（测试集，阈值 {thr}）',
    pred_no: '预测：不买', pred_yes: '预测：会买', actual_no: '实际未买', actual_yes: '实际购买',
    prob_by_attribute: '按属性看购买概率', likely_buyers_title: '尚未付款的潜在买家（{n} 人）',
    membership_title: '分群名单', membership_note: '每人一行：R、F、M 得分，距今天数、频次、金额，RFM 分群，群组和预测购买概率。',
    export_membership: '导出分群名单（CSV）',
    rec_model: '推荐模型', model: '模型', model_auto: '自动（评估最佳）', model_in_use: '当前使用：{model}（{by}）。',
    chosen_by_user: '你的选择', chosen_by_evaluation: '评估中 NDCG 最高', chosen_by_default: '默认',
    evaluation_title: '各模型预测购买的效果', evaluation_note: '离线评估：留出部分购买，对其余商品排序；指标取前 {k} 个。★ = 最佳。',
    split: '切分方式', split_time_split: '留出最近的购买', split_leave_one_out: '留一法', hit_rate: '命中率', coverage: '商品覆盖率',
    per_viewer: '给每位观众推荐什么', search_user: '查找观众（用户ID）', viewers_listed: '显示 {n} 位匹配观众中的 {shown} 位（共列出 {all} 位）。',
    compute_for: '为「{id}」推荐', unknown_users: '数据中没有：{ids}', show_all_viewers: '显示全部观众',
    per_product: '每个商品的潜在买家', product_buyers: '已有 {n} 人购买。', likely_buyers: '潜在买家', similar_products: '相似商品', similarity: '相似度',
    lineup_title: '下一场直播：建议排品', lineup_audience: '预计观众：{n} 人（{sessions} 的观众；新观众 {fresh} 人）。',
    expected_gmv: '预计成交金额', expected_buyers: '预计成交人数', why: '理由',
    hosts_per_segment: '哪位主播适合哪类人群', grouping: '分组方式', grouping_all: '全部观众', grouping_rfm: 'RFM 分层', grouping_cluster: '聚类', grouping_given: '指定', hosts_too_small: '人数太少（少于 {min} 人），未做主播匹配：{list}。', best_hosts: '按转化率排序的主播',
    rules_settings: '关联规则', basket_by: '购物篮定义', basket_person_session: '一个人在一场直播中的购买', basket_order: '一个订单',
    min_support: '最小支持度（占购物篮比例）', min_confidence: '最小置信度', max_rules: '最多规则数',
    rules_note: '规则 X → y：支持度 = 同时含 X 和 y 的购物篮 / 全部购物篮，置信度 = P(y | X)，提升度 = 置信度 / P(y)。',
    baskets: '购物篮', products_in_baskets: '商品数', min_count: '规则最少购物篮数', frequent_itemsets: '频繁项集',
    rules_found: '规则数', bundle_suggestions: '组合推荐', rules_table: '规则列表', rule: '规则（买了 → 也买）',
    support: '支持度', confidence: '置信度', lift: '提升度', leverage: '杠杆值', conviction: '确信度',
    no_rules: '没有规则达到这些阈值：请降低最小支持度或置信度。',
  },
};
for (const lang of ['en', 'zh']) {
  for (const [k, v] of Object.entries(VIEW_STRINGS[lang])) if (!(k in STRINGS[lang])) STRINGS[lang][k] = v;
}
// Strings of the widget's shell: progress, cancel, tables, files kept in this browser, limits.
Object.assign(STRINGS.en, {
  progress: 'Progress',
  cancelled: 'Cancelled. Nothing was kept; load the data again when you are ready.',
  no_rows_accepted: 'No row of your files could be used, so there is nothing to analyse. The main reason and an example:',
  too_big: 'This is too big for this browser: {size} of data, but only about {fits} fit in its memory.',
  too_big_cli: 'Use the command-line tool for files this size: livelens analyze --file your-export.csv --out report.json (same analyses, same report, no size limit). Or split the export by date.',
  stage_done: 'Finishing',
  rows_n: '{n} rows',
  rows_shown: 'Showing {shown} of {total} rows (filter, or export CSV for all)',
  filter: 'Filter…',
  sort: 'Sort by this column',
  export_csv: 'CSV',
  keep: 'Keep my files in this browser to reopen them later',
  keep_hint: 'Stored only on this device (IndexedDB); erase them with one click at any time.',
  keep_failed: 'Could not keep the files in this browser:',
  saved_data: 'Kept in this browser: {n} file(s), {size}, saved {when}.',
  reopen: 'Reopen',
  erase: 'Erase',
  view_pending: 'The KPIs are ready in the first view; this view is still being computed…',
});
Object.assign(STRINGS.zh, {
  progress: '进度',
  cancelled: '已取消，没有保留任何数据；准备好后请重新加载。',
  no_rows_accepted: '文件中没有任何一行可用，因此无法分析。主要原因和示例：',
  too_big: '数据太大，超出本浏览器的内存：共 {size}，但大约只能容纳 {fits}。',
  too_big_cli: '这么大的文件请使用命令行工具：livelens analyze --file 你的导出文件.csv --out report.json（分析与报告相同，没有大小限制）；或按日期拆分导出文件。',
  stage_done: '收尾中',
  rows_n: '{n} 行',
  rows_shown: '显示 {total} 行中的前 {shown} 行（可筛选，或导出 CSV 查看全部）',
  filter: '筛选…',
  sort: '按此列排序',
  export_csv: 'CSV',
  keep: '在本浏览器中保存我的文件，以便下次打开',
  keep_hint: '只保存在本设备上（IndexedDB），随时一键清除。',
  keep_failed: '无法在本浏览器中保存文件：',
  saved_data: '本浏览器中已保存：{n} 个文件，{size}，保存于 {when}。',
  reopen: '重新打开',
  erase: '清除',
  view_pending: '核心指标已在第一个视图中显示；此视图仍在计算中…',
});
// Progress in bytes and rows, and the heavy sections computed when their view is opened.
Object.assign(STRINGS.en, {
  bytes_of: '{done} of {total}',
  view_computing: 'Computing {sections}… (done once, when this view is first opened)',
});
Object.assign(STRINGS.zh, {
  bytes_of: '{done} / 共 {total}',
  view_computing: '正在计算{sections}…（首次打开此视图时计算一次）',
});
