// GENERATED from the Rust types by ts-rs: do not edit. Regenerate with
//   BLESS=1 cargo test --features ts --test ts_types
// The report (docs/report.md) and every section in it, the analysis options (`defaultOptions()`)
// and the structured error of the engine. Integers are plain numbers (the engine serialises
// them JSON-compatibly); `T | null` is a field that is always present, possibly null.

/**
 * How the signals of one (person, product) pair are combined.
 */
export type Aggregation = "sum" | "max";

/**
 * An alert as shown.
 */
export type Alert = { kind: AlertKind, 
/**
 * When it fired (the newest row's time), ms since the epoch, UTC.
 */
ts: number, minute: number, 
/**
 * One English sentence with the numbers (the page builds its own from `kind` + `numbers`).
 */
message: string, numbers: Array<AlertNumber>, 
/**
 * The product of a pitch alert (item id), else empty.
 */
item_id: string, };

/**
 * What fired.
 */
export type AlertKind = "viewers_drop" | "pitch_click_rate" | "pitch_conversion" | "unanswered_questions" | "refund_spike";

/**
 * One number behind an alert (`key` is stable: `from`, `to`, `drop_pct`, …).
 */
export type AlertNumber = { key: string, value: number, };

/**
 * Settings of [`Als`].
 */
export type AlsParams = { 
/**
 * Latent factors; 0 = automatic: `clamp(products / 8, 4, 32)` rounded down to a multiple
 * of 4 (a catalogue of 40 products gets 4, one of 256 or more gets 32; multiples of 4 up
 * to 32 run about twice as fast). More factors than the catalogue supports overfit:
 * on a 40-product synthetic shop NDCG@10 fell from 0.38 (4 factors) to 0.31 (10) and 0.11
 * (32).
 */
factors: number, 
/**
 * L2 regularisation λ.
 */
regularization: number, 
/**
 * Confidence scale α in `1 + α·r`.
 */
alpha: number, iterations: number, 
/**
 * Conjugate-gradient steps per factor vector and sweep.
 */
cg_steps: number, };

/**
 * Settings of the analyses (everything the page and the CLI let the user choose).
 */
export type AnalysisOptions = { funnel: FunnelParams, 
/**
 * Break the funnel down by RFM segment or behavioural cluster.
 */
funnel_by_segment: SegmentKind | null, 
/**
 * Session of the timeline, by id; `None` = the session with most viewers.
 */
timeline_session: string | null, timeline_bucket_seconds: number, 
/**
 * Session of the post-live review, by id; `None` = the latest session.
 */
review_session: string | null, retention: RetentionParams, 
/**
 * `None` = compare the two hosts with most viewers (when there are two).
 */
compare: CompareChoice | null, rules: RulesChoice, rfm: RfmParams, cluster: ClusterParams, predict: PredictParams, recommend: RecommendParams, 
/**
 * The sections to compute; `None` = all. A section left out is `null` (or empty) in the
 * report and listed in `skipped` with code `not_selected`; the sections computed have the
 * same figures as in the full report.
 */
sections?: Array<Section>, };

/**
 * Mean predicted purchase probability of the persons with each value of one attribute.
 */
export type AttributeProbability = { attribute: string, 
/**
 * `(value, persons, mean probability)`, most persons first (at most
 * [`MAX_ATTRIBUTE_VALUES`]); persons without a value are left out.
 */
values: Array<[string, number, number]>, };

/**
 * An attribute value frequent in a cluster.
 */
export type AttributeShare = { attribute: string, value: string, 
/**
 * Share of the cluster's persons with this value.
 */
share: number, 
/**
 * Share of all persons clustered with this value.
 */
overall_share: number, };

/**
 * Median and interquartile range of a value over previous sessions.
 */
export type Band = { q1: number, median: number, q3: number, };

/**
 * The baseline of a live session.
 */
export type Baseline = { 
/**
 * Ids of the previous sessions used, oldest first.
 */
session_ids: Array<string>, minutes: Array<BaselineMinute>, 
/**
 * Product click rate inside previous pitch windows.
 */
pitch_click_rate: Band | null, 
/**
 * Conversion (payers / product viewers) inside previous pitch windows.
 */
pitch_conversion: Band | null, };

/**
 * One minute offset of the baseline.
 */
export type BaselineMinute = { minute: number, 
/**
 * Previous sessions that lasted to this minute.
 */
sessions: number, concurrent: Band, enters: Band, leaves: Band, gmv: Band, orders: Band, clicks: Band, comments: Band, refunds: Band, };

/**
 * The sessions the baseline was taken from.
 */
export type BaselineSessions = { 
/**
 * Session ids, oldest first (at most [`MAX_BASELINE_SESSIONS`]).
 */
sessions: Array<string>, 
/**
 * Whether they were limited to the reviewed session's host.
 */
same_host: boolean, };

/**
 * What makes one basket of a [`Dataset`].
 */
export type BasketBy = "order" | "person_session";

/**
 * What the funnel is broken down by (attributed to the value at step 1).
 */
export type Breakdown = "none" | "session" | "host" | { "attribute": string } | { "segment": Array<[number, string]> };

/**
 * A suggestion of items to sell together, with its evidence.
 */
export type Bundle = { 
/**
 * All items of the bundle (antecedent then consequent).
 */
items: Array<string>, antecedent: Array<string>, consequent: Array<string>, 
/**
 * Baskets containing the whole bundle.
 */
count: number, support: number, confidence: number, lift: number, 
/**
 * The evidence in one plain sentence.
 */
sentence: string, };

/**
 * The threshold that was used and why.
 */
export type ChosenThreshold = { threshold: number, 
/**
 * Precision, recall and F1 of the threshold on the training rows.
 */
train_precision: number | null, train_recall: number | null, train_f1: number | null, 
/**
 * Why this threshold, in words.
 */
reason: string, 
/**
 * The same in Chinese.
 */
reason_zh: string, };

/**
 * Settings of [`cluster`].
 */
export type ClusterParams = { 
/**
 * Fixed number of clusters; `None` = chosen by silhouette over `k_range`.
 */
k: number | null, 
/**
 * Inclusive range of k searched (default 2..=8).
 */
k_range: [number, number], 
/**
 * k-means runs per k (default 10).
 */
restarts: number, seed: number, 
/**
 * Lloyd iterations per run (default 300).
 */
max_iter: number, };

/**
 * The clustering section of the report.
 */
export type ClusterResult = { 
/**
 * The settings it was computed with.
 */
params: ClusterParams, k: number, silhouette: number | null, silhouette_by_k: Array<[number, number | null]>, 
/**
 * Number of persons the silhouette was computed on, when sampled (above 10,000).
 */
silhouette_sampled_from: number | null, 
/**
 * Feature names used (constant features left out).
 */
features: Array<string>, per_user: Array<ClusterUser>, clusters: Array<ClusterSummary>, pca: PcaProjection, };

/**
 * Summary of one cluster.
 */
export type ClusterSummary = { cluster: number, size: number, share: number, features: Array<FeatureMean>, 
/**
 * Categories of the items the cluster's persons clicked or bought (event counts), top 5.
 */
top_categories: Array<[string, number]>, 
/**
 * Up to 3 most frequent values of each users-file attribute.
 */
top_attributes: Array<AttributeShare>, description_en: string, description_zh: string, };

/**
 * A person's cluster.
 */
export type ClusterUser = { user_id: string, cluster: number, };

/**
 * One cohort row.
 */
export type CohortRow = { 
/**
 * First day of the cohort period, local (`"2026-10-05"`).
 */
cohort: string, size: number, 
/**
 * Persons retained in period 0, 1, ... (as many as the data covers, at most `max_periods`).
 */
retained: Array<number>, rates: Array<number | null>, 
/**
 * Cumulative net revenue (pay − refund) per person of the cohort, by period.
 */
ltv: Array<number | null>, };

/**
 * A column of a file and what it was understood as.
 */
export type ColumnInfo = { header: string, 
/**
 * The field key (`user`, `time`, …), `attribute` for a users-file attribute, or `None`.
 */
field: string | null, samples: Array<string>, };

/**
 * The report's `comments` section (metrics.md, "Comments: intent and sentiment").
 */
export type CommentsSection = { 
/**
 * `comment` rows, and those with text.
 */
comments: number, comments_with_text: number, 
/**
 * `question` rows (the platform's Q&A tool) and `answer` rows.
 */
question_rows: number, answer_rows: number, 
/**
 * Comments of the session's host account (answers, not classified).
 */
host_comments: number, 
/**
 * Rows classified: `comment` and `question` rows with text, the host's left out.
 */
classified: number, intents: IntentCounts, sentiment: SentimentCounts, 
/**
 * Sessions in start order (sessions without classified rows left out).
 */
by_session: Array<SessionComments>, 
/**
 * Pitch windows in start order, every session.
 */
by_pitch: Array<PitchComments>, over_time: IntentsOverTime | null, questions: QuestionsSummary, 
/**
 * Objections by theme, most first (themes without objections left out).
 */
objections: Array<ObjectionThemeRow>, 
/**
 * Phrases found without a dictionary, best score first.
 */
phrases: Array<PhraseRow>, };

/**
 * A comparison the user asked for (A is the control).
 */
export type CompareChoice = { a: GroupChoice, b: GroupChoice, metric: CompareMetric, };

/**
 * What is compared.
 */
export type CompareMetric = "conversion" | "click_through" | "follow" | "interaction";

export type Comparison = { 
/**
 * [`CompareMetric::key`].
 */
metric: string, a: RateEstimate, b: RateEstimate, 
/**
 * `rate_b − rate_a`.
 */
difference: number | null, 
/**
 * 95% interval of the difference, unpooled standard error.
 */
diff_ci_low: number | null, diff_ci_high: number | null, 
/**
 * `rate_b / rate_a − 1`.
 */
relative_lift: number | null, 
/**
 * Pooled z of `rate_b − rate_a` (positive when B is higher).
 */
z: number | null, 
/**
 * Two-sided, pooled.
 */
p_value: number | null, 
/**
 * Probability that B beats A (GrowthBook, delta-method normal approximation).
 */
chance_to_beat_control: number | null, 
/**
 * Chi-squared test of the trial counts against an even split.
 */
srm_p_value: number | null, 
/**
 * `srm_p_value < 0.001`.
 */
srm_flag: boolean, 
/**
 * Persons per arm for the observed relative lift (10% when none), α = 0.05, power 0.8.
 */
sample_size_per_arm: number | null, 
/**
 * `sample_size_per_arm` minus the smaller arm's trials, at least 0.
 */
more_needed_per_arm: number | null, verdict: Verdict, summary_en: string, summary_zh: string, 
/**
 * Mean comparisons of the same two groups' viewers: watch seconds and GMV per viewer
 * (Welch's t-test and a bootstrap interval, [`means`]).
 */
means: Array<MeanComparison>, };

/**
 * One coupon (or all together: `coupon` = `""`).
 */
export type CouponRow = { coupon: string, sessions: Array<string>, claims: number, claimers: number, uses: number, 
/**
 * Viewers (person-sessions) of the sessions where it was claimed.
 */
viewers: number, claim_rate: number | null, redemption_rate: number | null, redemption_low: number | null, redemption_high: number | null, discount_cost: number | null, 
/**
 * GMV of the pays made with the coupon.
 */
coupon_gmv: number, extra_buyers: number | null, extra_buyers_low: number | null, extra_buyers_high: number | null, incremental_gmv: number | null, incremental_gmv_low: number | null, incremental_gmv_high: number | null, cost_per_extra_buyer: number | null, };

/**
 * What the data holds, in brief.
 */
export type DatasetSummary = { events: number, users: number, items: number, sessions: number, hosts: number, 
/**
 * Local times of the first and last event.
 */
first_event: string | null, last_event: string | null, tz_offset_minutes: number, 
/**
 * Rows per canonical event key (and `unknown`).
 */
event_counts: Array<[string, number]>, 
/**
 * Users-file attributes available for breakdowns.
 */
attributes: Array<string>, 
/**
 * Each attribute with its values, most frequent first (at most [`MAX_ATTRIBUTE_VALUES`]),
 * for the page's pickers (A/B split by attribute).
 */
attribute_values: Array<[string, Array<string>]>, 
/**
 * Whether the data has only payments (an orders-only input).
 */
orders_only: boolean, 
/**
 * `comment` rows that carry their text (a comment text column).
 */
comments_with_text: number, 
/**
 * Rows of any event with text (comments, Q&A questions and answers…).
 */
rows_with_text: number, 
/**
 * `enter` rows with a traffic source, per canonical source (`feed`, `paid`, …), in the
 * order of metrics.md; empty when the data has no source column.
 */
traffic_sources: Array<[string, number]>, 
/**
 * Source values that matched no canonical source (counted as `other`), most frequent
 * first, at most [`MAX_ATTRIBUTE_VALUES`].
 */
unknown_traffic_sources: Array<[string, number]>, 
/**
 * Orders without a buyer id (each stands for itself, not counted in `users`); absent when 0.
 */
orders_without_buyer_id?: number, 
/**
 * Platforms of the recognised exports (`douyin`, `kuaishou`, …), in order of appearance;
 * absent when none.
 */
platforms?: Array<string>, };

/**
 * An error as structured data: a stable `code` to translate, the English `message`, and the
 * facts a translated message needs. Fields that do not apply are `None` (`null` in JS).
 */
export type ErrorInfo = { 
/**
 * Stable key: an [`Error::code`], `too_big`, or one of the binding's own (`bad_options`,
 * `no_data`, `no_upload`, `not_analysed`, `canvas`).
 */
code: string, 
/**
 * The English sentence (what the CLI prints).
 */
message: string, 
/**
 * The file concerned, when there is one.
 */
file: string | null, 
/**
 * 1-based line of the file, when known.
 */
line: number | null, 
/**
 * Column (header name), when known.
 */
column: string | null, 
/**
 * For `too_big`: bytes the input needs.
 */
size: number | null, 
/**
 * For `too_big`: bytes that would fit.
 */
fits: number | null, };

/**
 * Both splits.
 */
export type Evaluation = { time_split: EvaluationResult, leave_one_out: EvaluationResult, };

/**
 * All models side by side on one split.
 */
export type EvaluationResult = { 
/**
 * `"time_split"` or `"leave_one_out"`.
 */
split: string, k: number, 
/**
 * Persons with ≥ 2 bought products.
 */
users_eligible: number, 
/**
 * Persons evaluated (all eligible, or a seeded sample of `max_eval_users`).
 */
users_evaluated: number, 
/**
 * Held-out (person, product) purchases over the evaluated persons.
 */
held_out: number, rows: Array<ModelScore>, 
/**
 * Highest NDCG@K (ties: MAP@K, then the order of `rows`); `None` when nobody was evaluated.
 */
best_model: ModelKind | null, };

/**
 * The canonical events of `metrics.md`, plus `Unknown` for names the user has not mapped.
 */
export type EventKind = "impression" | "enter" | "leave" | "product_view" | "click" | "add_cart" | "order" | "pay" | "refund" | "comment" | "like" | "share" | "follow" | "gift" | "lottery_join" | "lottery_win" | "poll_vote" | "question" | "answer" | "coupon_claim" | "coupon_use" | "fan_club_join" | "points" | "unknown";

/**
 * One feature of a cluster compared with everybody.
 */
export type FeatureMean = { feature: string, 
/**
 * Mean of the raw value (days, orders, money, seconds, counts) in the cluster.
 */
mean: number, 
/**
 * Mean of the raw value over all persons clustered.
 */
overall_mean: number, 
/**
 * Mean of the standardised feature in the cluster (0 = average person).
 */
z: number, };

export type FileError = { code: string, message: string, };

/**
 * The kinds of export LiveLens reads.
 */
export type FileKind = "events" | "orders" | "items" | "users" | "sessions";

/**
 * Everything understood about one file.
 */
export type FileReport = { name: string, kind: FileKind | null, 
/**
 * Whether the kind was detected (true) or given by the user (false).
 */
kind_detected: boolean, format: string, encoding: string, delimiter: string | null, sheet: string | null, sheets: Array<string>, bytes: number, columns: Array<ColumnInfo>, rows_read: number, rows_accepted: number, rows_rejected: number, 
/**
 * Accepted `pay`/`refund` rows of an events file that an orders file also holds (counted
 * once, from the orders file).
 */
merged_with_orders: number, rejected_by_reason: Array<ReasonGroup>, 
/**
 * Event names that are not canonical and not mapped, with counts (events files).
 */
unknown_events: Array<NameCount>, warnings: Array<string>, 
/**
 * A problem with the whole file (no rows were used): stable code and English message.
 */
error: FileError | null, 
/**
 * The platform layout the file was recognised as (`Douyin shop order export, one row per
 * order line`), with the role and unit of each column; absent for other files.
 */
layout?: LayoutReport | null, 
/**
 * The platform the user chose for the file's rows that no layout or `platform` column
 * places (normalised: `抖音` → `douyin`); absent when none was chosen.
 */
platform?: string, };

export type FunnelBreakdownRow = { value: string, steps: Array<FunnelStep>, };

/**
 * Persons at or beyond a funnel step so far.
 */
export type FunnelCount = { 
/**
 * The canonical event key.
 */
step: string, count: number, };

/**
 * The settings a funnel was computed with, as the report echoes them (a segment breakdown is
 * named, not listed person by person).
 */
export type FunnelEcho = { steps: Array<EventKind>, mode: FunnelMode, window_seconds: number, 
/**
 * `"none"`, `"session"`, `"host"`, `"attribute"` or `"segment"`.
 */
breakdown: string, 
/**
 * The users-file attribute of an `"attribute"` breakdown.
 */
breakdown_attribute: string | null, };

/**
 * How a person's events must line up with the steps.
 */
export type FunnelMode = "ordered" | "strict" | "any_order";

/**
 * Settings of [`funnel`].
 */
export type FunnelParams = { 
/**
 * 2 to 10 steps; default `enter → product_view → click → order → pay`.
 */
steps: Array<EventKind>, mode: FunnelMode, 
/**
 * Conversion window from the step-1 event, seconds (> 0); default 24 hours.
 */
window_seconds: number, breakdown: Breakdown, };

export type FunnelResult = { 
/**
 * The settings it was computed with.
 */
params: FunnelEcho, mode: FunnelMode, window_seconds: number, steps: Array<FunnelStep>, 
/**
 * Seconds from step 1 to the last step, for persons who completed (best attempt).
 */
time_to_convert: Histogram, 
/**
 * Empty without a breakdown.
 */
breakdown: Array<FunnelBreakdownRow>, trend: Array<FunnelTrendPoint>, };

/**
 * One step of a funnel (or of one breakdown row).
 */
export type FunnelStep = { 
/**
 * Canonical event key of the step.
 */
event: string, 
/**
 * Persons whose furthest step is at least this one.
 */
count: number, conversion_from_start: number | null, conversion_from_previous: number | null, 
/**
 * Persons who reached the previous step but not this one (0 for step 1).
 */
drop_off: number, drop_off_rate: number | null, 
/**
 * Over persons who reached this step, from their best attempt; `None` for step 1.
 */
median_seconds_from_previous: number | null, mean_seconds_from_previous: number | null, };

export type FunnelTrendPoint = { session_id: string, 
/**
 * Persons with an attempt starting in this session.
 */
start_count: number, 
/**
 * Of those, persons with a complete attempt starting in this session.
 */
completed: number, conversion: number | null, };

/**
 * One side of a comparison, named as the user sees it.
 */
export type GroupChoice = { "sessions": Array<string> } | { "host": string } | { "attribute": { name: string, value: string, } };

/**
 * KPIs of one group of sessions (a host, …).
 */
export type GroupKpis = { group: string, sessions: number, viewers: number, views: number, avg_watch_seconds: number | null, peak_concurrent: number, avg_concurrent: number | null, interaction_rate: number | null, comments_per_minute: number | null, follow_rate: number | null, product_click_rate: number | null, click_to_pay_rate: number | null, conversion_rate: number | null, 
/**
 * Distinct paying people; `None` (null) when some payments have no buyer id (a Douyin shop
 * export masks buyers), so that an order is never counted as a person.
 */
buyers: number | null, orders: number, gmv: number, aov: number | null, revenue_per_buyer: number | null, gpm: number | null, uv_value: number | null, refund_rate: number | null, roi: number | null, net_roi: number | null, comments: number, likes: number, shares: number, followers: number, refunds: number, ad_spend: number | null, live_minutes: number | null, };

/**
 * Distribution of durations on fixed, readable bin edges (10 s, 30 s, 1 min, … 30 days), cut at
 * the conversion window.
 */
export type Histogram = { bins: Array<HistogramBin>, count: number, median_seconds: number | null, mean_seconds: number | null, };

/**
 * A histogram bin `[lower, upper)`; `upper = None` is open-ended.
 */
export type HistogramBin = { lower_seconds: number, upper_seconds: number | null, 
/**
 * E.g. `"10s–30s"`, `"1h–2h"`, `"≥30d"`.
 */
label: string, count: number, };

/**
 * Sales of one host in one product category.
 */
export type HostCategory = { host: string, category: string, 
/**
 * Sum of `pay` amounts.
 */
gmv: number, 
/**
 * Distinct paying persons.
 */
buyers: number, 
/**
 * Distinct order ids among the `pay` rows (a row without an order id counts as one order).
 */
orders: number, 
/**
 * Distinct persons with an `enter` in any session of the host.
 */
host_viewers: number, 
/**
 * `buyers / host_viewers`.
 */
conversion_rate: number | null, 
/**
 * This category's share of the host's GMV.
 */
share_of_host_gmv: number | null, };

export type HostMatch = { host: string, 
/**
 * Cosine between the segment's and the host audience's category interest.
 */
similarity: number | null, 
/**
 * Segment members who entered / paid in the host's sessions.
 */
segment_viewers: number, segment_buyers: number, conversion_rate: number | null, };

/**
 * Rows per intent (the seven intents of metrics.md).
 */
export type IntentCounts = { question: number, purchase: number, objection: number, praise: number, complaint: number, greeting: number, other: number, };

/**
 * Intents per minute of one session (the timeline's session), or of the whole data when it
 * has no sessions.
 */
export type IntentsOverTime = { 
/**
 * `None` when the data has no sessions (the whole span is shown).
 */
session_id: string | null, 
/**
 * Start of minute 0, ms since the epoch (UTC).
 */
start: number, bucket_seconds: number, 
/**
 * One entry per bucket, in order.
 */
minutes: Array<IntentCounts>, };

/**
 * Weight of each product-level signal.
 */
export type InteractionWeights = { product_view: number, click: number, add_cart: number, order: number, pay: number, aggregation: Aggregation, };

/**
 * The `interactions` section.
 */
export type Interactions = { 
/**
 * Pooled per tool present in the data, in [`TOOLS`] order.
 */
tools: Array<ToolSummary>, 
/**
 * Every window, by session start then window start.
 */
windows: Array<ToolWindow>, 
/**
 * Per coupon id; and all coupons together (`coupon` = `""`), last.
 */
coupons: Array<CouponRow>, };

export type ItemAudience = { item_id: string, title: string, 
/**
 * Distinct buyers so far.
 */
buyers: number, 
/**
 * Persons who have not bought it, most likely first.
 */
prospects: Array<ItemProspect>, 
/**
 * Its 5 nearest item-CF neighbours ("people who bought this also bought").
 */
similar_items: Array<SimilarItem>, };

/**
 * A person likely to buy a product next.
 */
export type ItemProspect = { user_id: string, 
/**
 * Calibrated purchase probability (module documentation).
 */
p_buy: number, };

/**
 * One KPI of the session against the baseline.
 */
export type KpiLine = { 
/**
 * The KPI's key in `kpis.by_session` (`conversion_rate`, …).
 */
key: string, unit: ReviewUnit, higher_is_better: boolean, value: number | null, baseline: ReviewBaseline | null, 
/**
 * `value − baseline.median`.
 */
difference: number | null, 
/**
 * `difference / baseline.median` (absent when the median is 0).
 */
relative_difference: number | null, verdict: ReviewVerdict, };

export type KpiReport = { overall: Kpis, by_session: Array<SessionKpis>, 
/**
 * The KPI table per platform (`douyin`, `kuaishou`, …), side by side, then `all` (the
 * platforms combined: `overall`); absent when no row has a platform. A figure a
 * platform's data cannot give is null ([`PlatformKpis`]).
 */
by_platform?: Array<PlatformKpis>, 
/**
 * Every row of the session summaries read, as given, with the rates its figures give;
 * absent without a session summary.
 */
summaries?: Array<SummarySession>, 
/**
 * Figures on which a session's events and its summary disagree beyond rounding.
 */
summary_checks?: Array<SummaryCheck>, 
/**
 * KPI keys of `overall` that include session-summary figures.
 */
overall_from_summary?: Array<string>, };

/**
 * The KPI table of `metrics.md` for a set of sessions.
 */
export type Kpis = { viewers: number, views: number, avg_watch_seconds: number | null, peak_concurrent: number, avg_concurrent: number | null, interaction_rate: number | null, comments_per_minute: number | null, follow_rate: number | null, product_click_rate: number | null, click_to_pay_rate: number | null, conversion_rate: number | null, 
/**
 * Distinct paying people; `None` (null) when some payments have no buyer id (a Douyin shop
 * export masks buyers), so that an order is never counted as a person.
 */
buyers: number | null, orders: number, gmv: number, aov: number | null, revenue_per_buyer: number | null, gpm: number | null, uv_value: number | null, refund_rate: number | null, roi: number | null, net_roi: number | null, comments: number, likes: number, shares: number, followers: number, refunds: number, ad_spend: number | null, live_minutes: number | null, };

/**
 * A column of a recognised file and how it was read.
 */
export type LayoutColumn = { 
/**
 * The header, or the path inside a JSON column (`orderBaseInfo.oid`).
 */
path: string, role: Role, 
/**
 * `fen` or `yuan` for money columns.
 */
unit: MoneyUnit | null, };

/**
 * The recognised layout of a file, as its report shows it.
 */
export type LayoutReport = { id: string, name: string, name_zh: string, 
/**
 * `"Douyin shop order export, one row per sub-order"` (and in Chinese).
 */
description: string, description_zh: string, platform: string, money_unit: MoneyUnit, lines: LineShape, 
/**
 * Share of the layout's signature headers found, 0–1.
 */
score: number, columns: Array<LayoutColumn>, 
/**
 * Orders read (each counted once, whatever its number of lines) and their lines.
 */
orders: number, order_lines: number, 
/**
 * Whether the rows carry a buyer id (person-level analyses need one).
 */
has_buyer_id: boolean, 
/**
 * The date order of `a/b/yyyy` dates, when the file has such dates.
 */
date_order: string | null, 
/**
 * `orders`, `sessions` (a session summary) or `events` (a capture stream).
 */
kind: string, 
/**
 * Sessions read from a session summary.
 */
sessions?: number | null, 
/**
 * Events made from a capture stream's messages.
 */
events?: number | null, 
/**
 * How the orders were tied to live sessions (by room id, by creator and time window, by
 * time window) and how many were not.
 */
order_sessions?: OrderTies | null, };

/**
 * Lifecycle counts of one period.
 */
export type LifecyclePeriod = { 
/**
 * First day of the period, local.
 */
period: string, new: number, returning: number, resurrecting: number, 
/**
 * A count of persons (show it negative in the chart).
 */
dormant: number, };

/**
 * A person who has not bought yet, with the model's probability.
 */
export type LikelyBuyer = { user_id: string, probability: number, };

/**
 * What one row of a layout is.
 */
export type LineShape = "order" | "order_line";

export type Lineup = { 
/**
 * `"last_sessions"` or `"given"`.
 */
audience_source: string, 
/**
 * Session ids the audience was taken from (empty for a given audience).
 */
sessions: Array<string>, audience_size: number, 
/**
 * Audience members unknown to the data (treated as new viewers).
 */
new_viewers: number, 
/**
 * Products by expected GMV (then expected buyers), at most `top_n`.
 */
items: Array<LineupItem>, expected_gmv_total: number, expected_buyers_total: number, };

export type LineupItem = { item_id: string, title: string, price: number | null, 
/**
 * `"catalogue"`, `"paid_average"` or `"unknown"`.
 */
price_source: string, expected_buyers: number, 
/**
 * `None` when the price is unknown.
 */
expected_gmv: number | null, 
/**
 * Why the likeliest buyers in the audience would buy it (distinct reasons).
 */
reasons_en: Array<string>, reasons_zh: Array<string>, };

/**
 * Comment intents counted in a minute (or overall), in `crate::comments::Intent::ALL` order.
 */
export type LiveIntentCounts = { question: number, purchase: number, objection: number, praise: number, complaint: number, greeting: number, other: number, };

/**
 * The session's KPIs so far (definitions of `metrics.md`, over the rows seen).
 */
export type LiveKpis = { 
/**
 * Viewers inside now (held out-of-order rows included).
 */
viewers_now: number, 
/**
 * Distinct persons with an `enter`.
 */
viewers: number, 
/**
 * `enter` rows.
 */
views: number, peak_concurrent: number, comments: number, likes: number, shares: number, 
/**
 * Distinct persons with a `follow`.
 */
followers: number, 
/**
 * Distinct paying persons; `None` when some payments have no buyer id.
 */
buyers: number | null, orders: number, gmv: number, 
/**
 * Sum of `refund` amounts.
 */
refunds: number, product_viewers: number, clickers: number, interaction_rate: number | null, product_click_rate: number | null, click_to_pay_rate: number | null, conversion_rate: number | null, aov: number | null, gpm: number | null, uv_value: number | null, comments_per_minute: number | null, 
/**
 * From the session start to the newest row, minutes.
 */
live_minutes: number, };

/**
 * One minute of the live session.
 */
export type LiveMinute = { 
/**
 * Minutes from the session start (the first minute is 0).
 */
minute: number, 
/**
 * The minute's start, ms since the epoch, UTC.
 */
ts: number, 
/**
 * Viewers inside at the minute's start; `None` until rows past it have settled.
 */
concurrent: number | null, enters: number, leaves: number, product_views: number, clicks: number, comments: number, likes: number, 
/**
 * Distinct orders paid, each in the minute of its earliest `pay` row.
 */
orders: number, gmv: number, refunds: number, refund_amount: number, intents: LiveIntentCounts, };

/**
 * Settings of live mode.
 */
export type LiveParams = { 
/**
 * The live session's id as exported; `None` = the session of the newest row.
 */
session: string | null, 
/**
 * Rows may arrive this much out of time order and still be placed exactly (seconds).
 */
reorder_seconds: number, 
/**
 * A question is answered by an answer within this long (metrics.md: 5 minutes).
 */
answer_window_seconds: number, 
/**
 * How many of the newest questions the screen lists.
 */
newest_questions: number, 
/**
 * How many alerts the screen keeps (newest first).
 */
max_alerts: number, 
/**
 * How many previous sessions make the baseline (the most recent ones).
 */
baseline_sessions: number, 
/**
 * The viewers-drop alert needs at least this many viewers at the window's peak.
 */
drop_min_viewers: number, 
/**
 * A pitch's click-rate and conversion alerts need at least this many product viewers.
 */
pitch_min_viewers: number, 
/**
 * Funnel steps (2 to 10 canonical events).
 */
funnel_steps: Array<EventKind>, 
/**
 * Funnel conversion window (seconds).
 */
funnel_window_seconds: number, };

/**
 * A product's counts so far.
 */
export type LiveProduct = { item_id: string, 
/**
 * The catalogue title, or the item id.
 */
title: string, views: number, clicks: number, orders: number, gmv: number, };

/**
 * One of the newest questions.
 */
export type LiveQuestion = { ts: number, minute: number, user_id: string, text: string, answered: boolean, 
/**
 * `waiting` (within its 5 minutes), `answered` or `unanswered`.
 */
status: string, };

/**
 * Near-duplicate questions grouped (the comments tracker's groups), most asked first.
 */
export type LiveQuestionGroup = { 
/**
 * The group's most frequent wording.
 */
text: string, count: number, answered: number, unanswered: number, waiting: number, };

/**
 * How the rows handed to the live state were used.
 */
export type LiveRows = { 
/**
 * Rows of the live session applied.
 */
applied: number, 
/**
 * Rows of other sessions (not used).
 */
other_session: number, 
/**
 * Rows later than the reorder allowance (applied when they came).
 */
late: number, 
/**
 * Enter/leave/funnel/question rows held for reordering now.
 */
held: number, 
/**
 * Rows more than `timeline::MAX_BUCKETS` minutes (about two weeks) from the session
 * start: bad timestamps, not used.
 */
out_of_range: number, };

/**
 * One snapshot of the live session: what the page's live screen and `livelens watch` show.
 */
export type LiveScreen = { 
/**
 * The live session's id; empty before the first row.
 */
session_id: string, 
/**
 * Minute 0's start and the newest row's time, ms since the epoch, UTC (0 before any row).
 */
start_ts: number, now_ts: number, kpis: LiveKpis, 
/**
 * Every minute from 0 to the newest.
 */
minutes: Array<LiveMinute>, 
/**
 * The same minutes of previous sessions; `None` when none is loaded.
 */
baseline: Baseline | null, funnel: Array<FunnelCount>, 
/**
 * Products by clicks (most first), at most 20.
 */
products: Array<LiveProduct>, 
/**
 * Newest first.
 */
questions: Array<LiveQuestion>, 
/**
 * The 10 most asked question groups.
 */
question_groups: Array<LiveQuestionGroup>, questions_total: number, questions_answered: number, 
/**
 * Unanswered questions asked in the last 5 minutes.
 */
questions_unanswered_recent: number, intents: LiveIntentCounts, markers: Array<Marker>, 
/**
 * Newest first, each with the numbers that fired it.
 */
alerts: Array<Alert>, rows: LiveRows, };

/**
 * What one look did.
 */
export type LookKind = "appended" | "waiting" | "restarted";

/**
 * The outcome of [`LiveFeed::look`].
 */
export type LookOutcome = { kind: LookKind, 
/**
 * Bytes of complete lines ingested by this look.
 */
bytes: number, 
/**
 * Rows of the followed file read / accepted so far (after this look).
 */
rows_read: number, rows_accepted: number, 
/**
 * Event rows the live state took by this look.
 */
new_events: number, 
/**
 * Bytes of a half-written last line held back.
 */
partial_bytes: number, 
/**
 * Looks in a row without new bytes.
 */
idle_looks: number, 
/**
 * Why the feed restarted (`Restarted` only).
 */
message: string | null, };

/**
 * A pitch window or an interaction tool's run, in minutes of the session.
 */
export type Marker = { kind: MarkerKind, 
/**
 * The product's title for a pitch; empty for tools.
 */
label: string, 
/**
 * Item id for a pitch; empty for tools.
 */
item_id: string, start_minute: number, 
/**
 * Inclusive.
 */
end_minute: number, 
/**
 * Rows of the tool in the run (product views for a pitch).
 */
rows: number, };

/**
 * What a marker shows.
 */
export type MarkerKind = "pitch" | "lucky_bag" | "poll" | "coupon";

/**
 * Welch's t-test and a bootstrap interval of `mean_b − mean_a`.
 */
export type MeanComparison = { 
/**
 * `watch_seconds` or `gmv_per_viewer`.
 */
metric: string, a: MeanEstimate, b: MeanEstimate, 
/**
 * `mean_b − mean_a`.
 */
difference: number | null, 
/**
 * `mean_b / mean_a − 1`.
 */
relative_lift: number | null, 
/**
 * Welch's t (positive when B is higher), its degrees of freedom and two-sided p-value.
 */
t: number | null, df: number | null, p_value: number | null, 
/**
 * 95% interval of the difference (Welch).
 */
ci_low: number | null, ci_high: number | null, 
/**
 * 95% percentile bootstrap interval of the difference.
 */
bootstrap_low: number | null, bootstrap_high: number | null, bootstrap_resamples: number, bootstrap_seed: number, 
/**
 * `BBetter`/`ABetter` when p < 0.05 and the bootstrap interval excludes 0 too;
 * `NotEnoughData` with fewer than 2 persons in an arm; else `NoDifference`.
 */
verdict: Verdict, };

/**
 * One arm's values in brief.
 */
export type MeanEstimate = { label: string, 
/**
 * Persons (viewers) in the arm.
 */
n: number, mean: number | null, 
/**
 * Sample standard deviation (n − 1).
 */
sd: number | null, };

/**
 * The models LiveLens compares.
 */
export type ModelKind = "popularity" | "item_cf" | "user_knn" | "als" | "content" | "hybrid";

/**
 * One model's averages over the evaluated persons (`None` when nobody was evaluated).
 */
export type ModelScore = { model: ModelKind, precision: number | null, recall: number | null, ndcg: number | null, map: number | null, hit_rate: number | null, coverage: number | null, users_evaluated: number, };

/**
 * The unit of a layout's money columns.
 */
export type MoneyUnit = "fen" | "yuan";

/**
 * A name and how often it occurred.
 */
export type NameCount = { name: string, count: number, };

/**
 * Objections of one theme.
 */
export type ObjectionThemeRow = { 
/**
 * `price`, `trust`, `time`, `free_alternative`, `refund` or `other`.
 */
theme: string, count: number, 
/**
 * Of all objections.
 */
share: number, 
/**
 * The most frequent wordings `(text, count)`, at most 3.
 */
examples: Array<[string, number]>, };

/**
 * How many orders of a file were tied to a live session, and how.
 */
export type OrderTies = { 
/**
 * By the room id on the order.
 */
by_room: number, 
/**
 * By the order's creator and the time window of that creator's session.
 */
by_creator_and_time: number, 
/**
 * By the time window of a session whose creator is not known (or an order without one).
 */
by_time: number, 
/**
 * Not tied to any session.
 */
untied: number, };

/**
 * Participants' conversion against the others', raw and matched.
 */
export type ParticipantEffect = { participants: number, 
/**
 * Participants who paid in the session.
 */
participant_buyers: number, participant_rate: number | null, participant_low: number | null, participant_high: number | null, 
/**
 * Present non-participants.
 */
others: number, other_buyers: number, other_rate: number | null, other_low: number | null, other_high: number | null, 
/**
 * Participants in strata that also hold a non-participant.
 */
matched_participants: number, 
/**
 * Matched difference of conversion (participants − others), with its 95% interval.
 */
conversion_effect: number | null, conversion_low: number | null, conversion_high: number | null, 
/**
 * Matched difference of GMV per person, with its 95% interval.
 */
gmv_effect: number | null, gmv_low: number | null, gmv_high: number | null, 
/**
 * Whether the conversion interval excludes 0.
 */
distinguishable: boolean, };

/**
 * 2-D PCA projection for a scatter plot.
 */
export type PcaProjection = { 
/**
 * (pc1, pc2, cluster).
 */
points: Array<[number, number, number]>, 
/**
 * Number of persons the points were sampled from, when sampled (above 20,000).
 */
sampled_from: number | null, 
/**
 * Share of the total variance of each component.
 */
explained: [number, number], };

/**
 * Cohort period.
 */
export type Period = "day" | "week";

/**
 * A phrase found without a dictionary.
 */
export type PhraseRow = { text: string, count: number, score: number, };

/**
 * A product pitch window (the timeline's definition, every session) and its comments.
 */
export type PitchComments = { session_id: string, item_id: string, 
/**
 * The catalogue title, or the item id.
 */
title: string, 
/**
 * Window, ms since the epoch (UTC): `start` included, `end` excluded.
 */
start: number, end: number, comments: number, intents: IntentCounts, };

/**
 * A product pitch of the session with its GMV per minute.
 */
export type PitchLine = { item_id: string, title: string, 
/**
 * Minutes since the session's start, window inclusive of its last minute.
 */
start_minute: number, end_minute: number, 
/**
 * GMV and orders during the window (all products).
 */
gmv: number, orders: number, gmv_per_minute: number, };

/**
 * A product's pitch: the first `product_view` burst of one item.
 */
export type PitchWindow = { item_id: string, 
/**
 * The catalogue title, or the item id when the catalogue has none.
 */
title: string, 
/**
 * First and last bucket of the window (inclusive).
 */
start_minute: number, end_minute: number, 
/**
 * GMV and orders of the buckets `start_minute..=end_minute` (all items).
 */
gmv: number, orders: number, };

/**
 * One column of the per-platform table: the [`Kpis`] of the platform's data (or of all
 * platforms combined), with every figure that data cannot give as null.
 */
export type PlatformKpis = { 
/**
 * The platform (`douyin`, `tiktok`, a name as a file gave it), `unspecified` or `all`.
 */
group: string, sessions: number, viewers: number | null, views: number | null, avg_watch_seconds: number | null, peak_concurrent: number | null, avg_concurrent: number | null, interaction_rate: number | null, comments_per_minute: number | null, follow_rate: number | null, product_click_rate: number | null, click_to_pay_rate: number | null, conversion_rate: number | null, buyers: number | null, orders: number | null, gmv: number | null, aov: number | null, revenue_per_buyer: number | null, gpm: number | null, uv_value: number | null, refund_rate: number | null, roi: number | null, net_roi: number | null, comments: number | null, likes: number | null, shares: number | null, followers: number | null, refunds: number | null, ad_spend: number | null, live_minutes: number | null, };

/**
 * One point of the precision–recall curve.
 */
export type PrPoint = { threshold: number, precision: number, recall: number, };

/**
 * Settings of [`predict`].
 */
export type PredictParams = { seed: number, 
/**
 * Share of persons in the test set, in (0, 1) (default 0.25).
 */
test_fraction: number, 
/**
 * Inverse regularisation strength (default 1).
 */
c: number, 
/**
 * First held-out local day (days since 1970-01-01); `None` = the default period.
 */
cutoff: number | null, 
/**
 * How the decision threshold is chosen on the training rows (default: highest F1).
 */
threshold: ThresholdChoice, };

/**
 * The prediction section of the report.
 */
export type PredictResult = { 
/**
 * The settings it was computed with.
 */
params: PredictParams, 
/**
 * What is predicted, in words.
 */
label: string, 
/**
 * The same in Chinese (the page shows it in Chinese).
 */
label_zh: string, 
/**
 * First held-out day, `YYYY-MM-DD`.
 */
cutoff: string, n_train: number, n_test: number, 
/**
 * Persons with label 1 (train + test).
 */
positives: number, accuracy: number | null, precision: number | null, recall: number | null, f1: number | null, auc: number | null, 
/**
 * The decision threshold (chosen on the training rows) and why.
 */
threshold: ChosenThreshold, 
/**
 * `[[tn, fp], [fn, tp]]` on the test set at `threshold`.
 */
confusion: [[number, number], [number, number]], 
/**
 * (false positive rate, true positive rate) on the test set.
 */
roc: Array<[number, number]>, 
/**
 * Precision–recall curve on the test set, highest threshold first.
 */
pr_curve: Array<PrPoint>, 
/**
 * Average precision on the test set (scikit-learn's `average_precision_score`).
 */
average_precision: number | null, 
/**
 * (P(buys), bought) of every test person, for moving the threshold in the page.
 */
holdout: Array<[number, boolean]>, 
/**
 * Coefficient per feature, standardised scale.
 */
coefficients: Array<[string, number]>, intercept: number, 
/**
 * Persons without any `pay`, most likely buyer first.
 */
likely_buyers: Array<LikelyBuyer>, 
/**
 * (user id, P(buys)) for every person with an event, scored on all events.
 */
per_user: Array<[string, number]>, };

/**
 * Near-duplicate questions with their answers (within 5 minutes).
 */
export type QuestionRow = { 
/**
 * The group's most frequent wording.
 */
text: string, count: number, 
/**
 * Asks of the group answered, and not answered.
 */
answered: number, unanswered: number, 
/**
 * First ask, ms since the epoch (UTC).
 */
first_time: number, };

/**
 * All questions in brief, and the most asked groups.
 */
export type QuestionsSummary = { 
/**
 * Asks (comments classified as questions, and Q&A `question` rows with text).
 */
asked: number, answered: number, unanswered: number, 
/**
 * Groups of near-duplicates.
 */
groups: number, 
/**
 * The most asked groups (at most [`super::analyse::TOP_QUESTIONS`]), most asked first.
 */
top: Array<QuestionRow>, 
/**
 * The most asked groups of which no ask was answered (at most the same number).
 */
top_unanswered: Array<QuestionRow>, };

export type RateEstimate = { label: string, trials: number, successes: number, rate: number | null, 
/**
 * Wilson 95% interval.
 */
wilson_low: number | null, wilson_high: number | null, };

/**
 * Rejected rows of one reason.
 */
export type ReasonGroup = { 
/**
 * Stable key (`bad_time`, `missing_user`, …); the page translates it.
 */
reason: string, 
/**
 * English description.
 */
message: string, count: number, examples: Array<RejectExample>, };

/**
 * One recommended product.
 */
export type RecItem = { item_id: string, title: string, 
/**
 * The model's raw score (comparable within one person's list only).
 */
score: number, reason_en: string, reason_zh: string, };

/**
 * Settings of [`evaluate`] and [`recommend`]. Defaults in brackets.
 */
export type RecommendParams = { 
/**
 * Model to use for recommendations; `None` = the best by NDCG@K on the time split [None].
 */
model: ModelKind | null, 
/**
 * Products per viewer, persons per product, products in the line-up [10].
 */
top_n: number, 
/**
 * Cut-off K of the evaluation metrics [10].
 */
k: number, 
/**
 * Seed of ALS initialisation and of the evaluation sample [42].
 */
seed: number, weights: InteractionWeights, als: AlsParams, 
/**
 * Neighbours per product in item-CF [50].
 */
item_neighbours: number, 
/**
 * Neighbours per person in user-kNN, at least; with `n` persons it uses
 * `max(user_neighbours, n / 16)` (`user_knn::PERSONS_PER_NEIGHBOUR`) [50].
 */
user_neighbours: number, 
/**
 * Share of each person's bought products held out by the time split [0.2].
 */
holdout_fraction: number, 
/**
 * At most this many persons are evaluated; more eligible persons are sampled (seeded),
 * as scikit-learn's `silhouette_score(sample_size=…)` does [10,000].
 */
max_eval_users: number, 
/**
 * Persons to list recommendations for (user ids); `None` = the `max_listed_users` most
 * recently active persons [None].
 */
users: Array<string> | null, 
/**
 * [200]
 */
max_listed_users: number, 
/**
 * The line-up's expected audience: viewers of the last N sessions [3] ...
 */
lineup_sessions: number, 
/**
 * ... unless a list of user ids is given [None]. Unknown ids count as new viewers.
 */
audience: Array<string> | null, 
/**
 * Softmax temperature of the purchase-probability calibration, on min-max normalised
 * scores [0.2].
 */
temperature: number, 
/**
 * Person → segment label pairs for the host matching; `None` = one "all viewers" segment
 * (in `analyze`: every viewer, then the RFM segments and the clusters).
 */
segments: Array<[string, string]> | null, 
/**
 * RFM segments and clusters with fewer persons are left out of the host matching in
 * `analyze` [20] (the `segments` given above are matched whatever their size).
 */
min_segment_persons: number, };

export type Recommendations = { model: ModelKind, 
/**
 * `"user"`, `"evaluation"` (best NDCG@K on the time split) or `"default"` (hybrid, when
 * too few persons bought twice to evaluate).
 */
model_chosen_by: string, 
/**
 * Always `None` (null): kept so the report's layout stays; the evaluation is the report's
 * top-level `evaluation`.
 */
evaluation: Evaluation | null, 
/**
 * The settings they were computed with.
 */
params: RecommendParams, per_user: Array<UserRecs>, 
/**
 * Requested user ids that are not in the data.
 */
unknown_users: Array<string>, per_item: Array<ItemAudience>, lineup: Lineup, hosts: Array<SegmentHosts>, 
/**
 * Segments too small for the host matching.
 */
hosts_too_small: Array<SmallSegment>, };

/**
 * A rejected row, as shown to the user.
 */
export type RejectExample = { line: number, column: string, value: string, };

/**
 * Everything LiveLens computed.
 */
export type Report = { version: number, generator: string, dataset: DatasetSummary, validation: Validation, kpis: KpiReport, 
/**
 * Host leaderboard: every KPI per host.
 */
hosts: Array<GroupKpis>, 
/**
 * GMV, buyers and orders per host × product category.
 */
hosts_by_category: Array<HostCategory>, 
/**
 * The funnel of the chosen steps (default `enter → product_view → click → order → pay`).
 */
funnel: FunnelResult | null, 
/**
 * Sessions in start order, for the timeline's session picker.
 */
sessions: Array<SessionSummary>, 
/**
 * Per-minute timeline of the chosen session.
 */
timeline: Timeline | null, 
/**
 * Cohorts, retention, repeat purchase, LTV and lifecycle.
 */
retention: RetentionResult | null, 
/**
 * A/B comparison of two groups (by default the two hosts with most viewers).
 */
comparison: Comparison | null, 
/**
 * Association rules over baskets of paid products, and bundle suggestions.
 */
rules: RulesSection | null, 
/**
 * RFM segments and behavioural clusters.
 */
segments: Segments | null, 
/**
 * Purchase prediction (logistic regression).
 */
prediction: PredictResult | null, 
/**
 * Mean predicted probability per users-file attribute value.
 */
probability_by_attribute: Array<AttributeProbability>, 
/**
 * What to pitch to whom, next-live line-up, hosts per segment.
 */
recommendations: Recommendations | null, 
/**
 * Offline evaluation of every recommendation model (time split and leave-one-out).
 */
evaluation: Evaluation | null, 
/**
 * Comments: intent and sentiment, questions with answers, objections by theme, phrases.
 */
comments: CommentsSection | null, 
/**
 * Interaction tools (lucky bags, polls, coupons, Q&A): each window's effect on the room
 * and participants' conversion against similar others; coupons' redemption and cost.
 */
interactions: Interactions | null, 
/**
 * Per traffic source: viewers, conversion, GMV, GPM, UV value; paid traffic's ROI.
 */
traffic: Traffic | null, 
/**
 * Hour × weekday of the sessions' start: viewers, conversion, GMV per viewer; the best slot
 * when the data supports it.
 */
time_slots: TimeSlots | null, 
/**
 * The post-live review of one session (default: the latest) against the creator's own
 * baseline.
 */
review: Review | null, 
/**
 * Analyses left out, with the reason.
 */
skipped: Array<Skipped>, };

/**
 * How a return counts for cell `(c, n)`.
 */
export type RetentionMode = "on" | "on_or_after";

/**
 * Settings of [`retention`].
 */
export type RetentionParams = { period: Period, 
/**
 * Event whose first occurrence puts a person in a cohort (default `pay`).
 */
start_event: EventKind, 
/**
 * Event counting as a return and as activity for the lifecycle; `None` = any event.
 */
return_event: EventKind | null, mode: RetentionMode, 
/**
 * Cells per cohort row (periods 0..max_periods), default 12.
 */
max_periods: number, };

/**
 * Everything [`retention`] computes.
 */
export type RetentionResult = { 
/**
 * The settings it was computed with.
 */
params: RetentionParams, period: Period, mode: RetentionMode, start_event: string, 
/**
 * `None` = any event.
 */
return_event: string | null, cohorts: Array<CohortRow>, 
/**
 * Size-weighted over the cohorts that reach each period.
 */
average_rates: Array<number | null>, repeat_purchase_rate: number | null, buyers: number, repeat_buyers: number, lifecycle: Array<LifecyclePeriod>, };

/**
 * The post-live review of one session.
 */
export type Review = { session_id: string, title: string | null, host: string | null, 
/**
 * Local start, `YYYY-MM-DD HH:MM:SS`.
 */
start: string | null, baseline: BaselineSessions, 
/**
 * Every reviewed KPI, in [`REVIEW_KPIS`] order.
 */
kpis: Array<KpiLine>, 
/**
 * Funnel steps 2… of the session (empty without events).
 */
funnel: Array<StepLine>, 
/**
 * The session's pitch windows in time order (empty without a timeline).
 */
pitches: Array<PitchLine>, went_well: Array<ReviewStatement>, to_change: Array<ReviewStatement>, next_time: Array<ReviewStatement>, 
/**
 * Notes on the review as a whole (no baseline yet; nothing outside the usual range).
 */
notes: Array<ReviewTexts>, 
/**
 * Report sections the statements were read from, in the order above.
 */
sources: Array<string>, };

/**
 * Median and quartiles of a figure over the baseline sessions that have it.
 */
export type ReviewBaseline = { median: number, q1: number, q3: number, 
/**
 * Sessions the figure was taken from.
 */
sessions: number, };

/**
 * Which rule made a statement worth saying, with its parameters in words.
 */
export type ReviewRule = { 
/**
 * `outside_iqr`, `largest_step_drop`, `best_pitch`, `worst_pitch`, `suggestion`, … (see
 * `docs/report.md`).
 */
key: string, text: ReviewTexts, };

/**
 * One sentence of the review with the numbers behind it.
 */
export type ReviewStatement = { 
/**
 * What it is about: `kpi`, `funnel_step`, `pitch`, `question`, `objection`,
 * `interaction`, `traffic`, or for suggestions the kind it follows from.
 */
kind: string, 
/**
 * The report section it was read from: `kpis`, `funnel`, `timeline`, `comments`,
 * `interactions`, `traffic`.
 */
source: string, 
/**
 * The KPI key, step (`click→order`), product id, question or tool it is about.
 */
subject: string, unit: ReviewUnit, value: number | null, baseline: number | null, difference: number | null, rule: ReviewRule, text: ReviewTexts, };

/**
 * Text in both languages.
 */
export type ReviewTexts = { en: string, zh: string, };

/**
 * How a figure is shown (and how its difference is written).
 */
export type ReviewUnit = "count" | "percent" | "money" | "seconds" | "ratio" | "per_minute";

/**
 * A figure against its baseline.
 */
export type ReviewVerdict = "better" | "worse" | "usual" | "no_baseline" | "no_value";

/**
 * Settings of [`rfm`].
 */
export type RfmParams = { 
/**
 * Reference date as a local day number (days since 1970-01-01 in the creator's time zone);
 * `None` = the day after the latest timestamp.
 */
as_of: number | null, };

/**
 * The RFM section of the report.
 */
export type RfmResult = { 
/**
 * The settings it was computed with.
 */
params: RfmParams, 
/**
 * `YYYY-MM-DD`.
 */
as_of: string, 
/**
 * Scored persons in user-id order.
 */
per_user: Array<RfmUser>, 
/**
 * All ten segments in the order of [`SEGMENTS`], empty ones included (size 0).
 */
segments: Array<RfmSegment>, 
/**
 * Persons per (R, F): `grid[r-1][f-1]`.
 */
grid: Array<Array<number>>, 
/**
 * Monetary per (R, F): `grid_revenue[r-1][f-1]`.
 */
grid_revenue: Array<Array<number>>, };

/**
 * Totals of one named segment.
 */
export type RfmSegment = { name: string, name_zh: string, size: number, share_of_revenue: number | null, avg_order_value: number | null, action_en: string, action_zh: string, };

/**
 * One scored person.
 */
export type RfmUser = { user_id: string, recency_days: number, frequency: number, monetary: number, r: number, f: number, m: number, 
/**
 * English segment name (one of [`SEGMENTS`]).
 */
segment: string, };

/**
 * What a column of a layout means.
 */
export type Role = "order" | "line" | "item" | "item_title" | "quantity" | "unit_price" | "line_amount" | "order_amount" | "created_time" | "paid_time" | "status" | "after_sales" | "refund_amount" | "refund_time" | "buyer" | "creator" | "creator_name" | "room" | "traffic_source" | "session" | "session_title" | "start" | "end" | "duration" | "viewers" | "views" | "impressions" | "peak_concurrent" | "avg_concurrent" | "avg_watch" | "comments" | "likes" | "shares" | "followers" | "fan_club_joins" | "product_viewers" | "product_clickers" | "gmv" | "orders" | "units" | "buyers" | "refunds" | "ad_spend" | "viewer" | "viewer_name" | "time" | "event_type" | "text" | "gift_name" | "gift_count" | "gift_end";

/**
 * One rule X → {y}.
 */
export type Rule = { 
/**
 * X, labels in sorted order (may be empty).
 */
antecedent: Array<string>, 
/**
 * {y}: one label.
 */
consequent: Array<string>, 
/**
 * Baskets containing X ∪ {y}.
 */
count: number, support: number, confidence: number, lift: number, leverage: number, 
/**
 * `None` (null) = infinite, when confidence is 1.
 */
conviction: number | null, };

/**
 * Association-rule settings: how baskets are formed, and the thresholds. The report's
 * `rules.params` echoes them as used (with `max_len`).
 */
export type RulesChoice = { basket_by: BasketBy, min_support: number, min_confidence: number, 
/**
 * At most this many rules, by lift (at least 1).
 */
max_rules: number, };

/**
 * What [`mine`]'s safety limits left out, so that a result is never silently partial.
 */
export type RulesCut = { 
/**
 * The `max_len` asked for, when itemsets that long were not mined because there were more
 * than [`MAX_FREQUENT_ITEMSETS`] of them (the rules have at most `RulesResult::max_len`
 * items instead).
 */
max_len_lowered_from: number | null, 
/**
 * Rules left out by [`MAX_RULES`] (the lowest by the rules' order), 0 if none.
 */
rules_dropped: number, 
/**
 * The cut in one English sentence.
 */
message: string, };

/**
 * The settings association rules were mined with, as the report echoes them.
 */
export type RulesEcho = { basket_by: BasketBy, min_support: number, min_confidence: number, 
/**
 * Most products in a rule (antecedent and consequent together).
 */
max_len: number, 
/**
 * Most rules kept, by lift.
 */
max_rules: number, };

/**
 * Association rules and the bundles they suggest.
 */
export type RulesSection = { 
/**
 * The settings they were mined with.
 */
params: RulesEcho, basket_by: BasketBy, bundles: Array<Bundle>, 
/**
 * Number of baskets.
 */
baskets: number, 
/**
 * Number of distinct items.
 */
items: number, 
/**
 * Minimum count of X ∪ {y}: ceil(min_support × baskets).
 */
min_count: number, 
/**
 * Number of frequent itemsets (1 to `max_len` items).
 */
frequent_itemsets: number, 
/**
 * Most items in a rule actually mined: the `max_len` asked for, or less when longer
 * itemsets would pass [`MAX_FREQUENT_ITEMSETS`] (then `cut` says so).
 */
max_len: number, 
/**
 * Rules meeting both thresholds (up to `max_len` items), before any cut to `max_rules` or
 * [`MAX_RULES`].
 */
rules_found: number, 
/**
 * What the safety limits cut, `None` when nothing was.
 */
cut: RulesCut | null, 
/**
 * Sorted by lift, then confidence, then support (all descending), then antecedent labels
 * and consequent label (ascending); cut to `max_rules` (and to [`MAX_RULES`]).
 */
rules: Array<Rule>, };

/**
 * A section of the report, as `--sections` and the page's lazy views name it (the stages of
 * [`super::STAGES`]). `recommendations` brings the offline evaluation with it.
 */
export type Section = "kpis" | "segments" | "funnel" | "timeline" | "retention" | "comparison" | "rules" | "prediction" | "recommendations" | "comments" | "interactions" | "review";

export type SegmentHosts = { segment: string, 
/**
 * `"all"` (every viewer), `"rfm"`, `"cluster"` or `"given"` (`params.segments`).
 */
grouping: string, persons: number, 
/**
 * Hosts by similarity (then conversion).
 */
hosts: Array<HostMatch>, 
/**
 * Host names by the segment's conversion in their sessions (hosts the segment watched).
 */
by_conversion: Array<string>, };

/**
 * Which segmentation breaks the funnel down (instead of `funnel.breakdown`).
 */
export type SegmentKind = "rfm" | "cluster";

/**
 * Audience segments.
 */
export type Segments = { rfm: RfmResult | null, clusters: ClusterResult | null, 
/**
 * The KPI table per RFM segment (buyers only), plus "no purchase" for the other people.
 */
kpis_by_rfm: Array<GroupKpis>, 
/**
 * The KPI table per behavioural cluster (`cluster N`, numbered from 1).
 */
kpis_by_cluster: Array<GroupKpis>, };

/**
 * Rows per sentiment.
 */
export type SentimentCounts = { negative: number, neutral: number, positive: number, };

/**
 * One session's comments.
 */
export type SessionComments = { session_id: string, title: string, host: string | null, 
/**
 * Classified rows of the session.
 */
comments: number, intents: IntentCounts, sentiment: SentimentCounts, 
/**
 * Questions asked, and how many got no answer within 5 minutes.
 */
questions: number, unanswered: number, };

/**
 * KPIs of one session.
 */
export type SessionKpis = { session_id: string, title: string | null, host: string | null, 
/**
 * Local start time, `YYYY-MM-DD HH:MM:SS`.
 */
start: string | null, 
/**
 * KPI keys taken from a session summary because the events do not give them (absent
 * when none).
 */
from_summary?: Array<string>, viewers: number, views: number, avg_watch_seconds: number | null, peak_concurrent: number, avg_concurrent: number | null, interaction_rate: number | null, comments_per_minute: number | null, follow_rate: number | null, product_click_rate: number | null, click_to_pay_rate: number | null, conversion_rate: number | null, 
/**
 * Distinct paying people; `None` (null) when some payments have no buyer id (a Douyin shop
 * export masks buyers), so that an order is never counted as a person.
 */
buyers: number | null, orders: number, gmv: number, aov: number | null, revenue_per_buyer: number | null, gpm: number | null, uv_value: number | null, refund_rate: number | null, roi: number | null, net_roi: number | null, comments: number, likes: number, shares: number, followers: number, refunds: number, ad_spend: number | null, live_minutes: number | null, };

/**
 * A session for the session picker.
 */
export type SessionSummary = { id: number, session_id: string, host: string | null, 
/**
 * The sessions table's start, else the session's first event, ms since the epoch, UTC.
 */
start: number, 
/**
 * Distinct users with an `enter`.
 */
viewers: number, };

/**
 * A product similar to another (item-CF cosine).
 */
export type SimilarItem = { item_id: string, title: string, similarity: number, };

/**
 * An analysis that could not run, and why (e.g. a funnel without `enter` events).
 */
export type Skipped = { section: string, 
/**
 * Stable key the page translates.
 */
code: string, message: string, };

/**
 * One hour × weekday cell.
 */
export type Slot = { 
/**
 * 0 = Monday … 6 = Sunday (local).
 */
weekday: number, 
/**
 * Local hour of the start, 0–23.
 */
hour: number, 
/**
 * Session ids that start in the cell (sessions with at least one viewer).
 */
sessions: Array<string>, 
/**
 * Viewers summed over the cell's sessions, and their mean per session.
 */
viewers: number, mean_viewers: number, 
/**
 * Viewers who paid in that session.
 */
buyers: number, conversion: number | null, conversion_low: number | null, conversion_high: number | null, gmv: number, gmv_per_viewer: number | null, gmv_per_viewer_low: number | null, gmv_per_viewer_high: number | null, };

/**
 * A segment left out of the host matching: fewer persons than `min_segment_persons`.
 */
export type SmallSegment = { segment: string, grouping: string, persons: number, };

/**
 * One source's figures.
 */
export type SourceRow = { 
/**
 * Canonical key (`feed`, `paid`, …) or `unknown`.
 */
source: string, 
/**
 * Person-sessions whose first entry came through this source.
 */
viewers: number, share_of_viewers: number | null, 
/**
 * `enter` rows with this source.
 */
views: number, avg_watch_seconds: number | null, buyers: number, conversion_rate: number | null, conversion_low: number | null, conversion_high: number | null, gmv: number, 
/**
 * 1000 × GMV / views.
 */
gpm: number | null, 
/**
 * GMV / viewers.
 */
uv_value: number | null, 
/**
 * Only for `paid`: GMV / ad spend over the sessions with a known spend.
 */
roi: number | null, 
/**
 * The spend and the paid GMV the ROI is made of (only for `paid`).
 */
ad_spend: number | null, roi_gmv: number | null, };

/**
 * One funnel step's conversion from the previous step against the baseline.
 */
export type StepLine = { 
/**
 * Event keys of the previous step and this one.
 */
from: string, to: string, 
/**
 * People at the previous step and at this one, in this session.
 */
from_count: number, to_count: number, value: number | null, baseline: ReviewBaseline | null, difference: number | null, verdict: ReviewVerdict, };

/**
 * A figure on which a session's events and its summary disagree beyond rounding.
 */
export type SummaryCheck = { session_id: string, 
/**
 * The KPI key (`viewers`, `gmv`, …).
 */
figure: string, 
/**
 * The value from the events.
 */
events: number, 
/**
 * The value in the summary.
 */
summary: number, 
/**
 * `events − summary`.
 */
difference: number, };

/**
 * One row of a session summary, as read, with the rates its figures give.
 */
export type SummarySession = { session_id: string, title: string | null, host: string | null, 
/**
 * Local start time, `YYYY-MM-DD HH:MM:SS`.
 */
start: string | null, platform: string | null, 
/**
 * The summary file it came from.
 */
file: string, 
/**
 * Every figure the row gives, by key (`viewers`, `gmv`, `impressions`, `units`, …),
 * money in yuan, durations in seconds (`avg_watch_seconds`) or minutes (`live_minutes`).
 */
figures: Array<[string, number]>, viewers: number, views: number, avg_watch_seconds: number | null, peak_concurrent: number, avg_concurrent: number | null, interaction_rate: number | null, comments_per_minute: number | null, follow_rate: number | null, product_click_rate: number | null, click_to_pay_rate: number | null, conversion_rate: number | null, 
/**
 * Distinct paying people; `None` (null) when some payments have no buyer id (a Douyin shop
 * export masks buyers), so that an order is never counted as a person.
 */
buyers: number | null, orders: number, gmv: number, aov: number | null, revenue_per_buyer: number | null, gpm: number | null, uv_value: number | null, refund_rate: number | null, roi: number | null, net_roi: number | null, comments: number, likes: number, shares: number, followers: number, refunds: number, ad_spend: number | null, live_minutes: number | null, };

/**
 * How the decision threshold is chosen. JSON: `"f1"`, `{"recall": 0.8}`, `{"fixed": 0.35}`.
 */
export type ThresholdChoice = "f1" | { "recall": number } | { "fixed": number };

/**
 * The hour × weekday table and the best slot, when the data supports one.
 */
export type TimeSlots = { tz_offset_minutes: number, 
/**
 * Cells with at least one session, by weekday then hour.
 */
slots: Array<Slot>, 
/**
 * Index into `slots` of the best slot, when named.
 */
best: number | null, 
/**
 * `named`; or why not: `too_few_slots` (fewer than two cells), `too_few_sessions` (no
 * cell has [`MIN_SESSIONS`] sessions), `overlap` (the best cell's interval reaches another
 * cell's).
 */
best_code: string, 
/**
 * The rule applied, and its outcome, in words.
 */
best_rule_en: string, best_rule_zh: string, 
/**
 * Sessions without a known start (left out).
 */
sessions_without_start: number, };

/**
 * The timeline of one session.
 */
export type Timeline = { 
/**
 * The settings it was computed with.
 */
params: TimelineEcho, session_id: string, host: string | null, 
/**
 * Span, ms since the epoch, UTC.
 */
start: number, end: number, bucket_seconds: number, minutes: Array<TimelineMinute>, 
/**
 * In start order (then item id).
 */
pitches: Array<PitchWindow>, 
/**
 * Buckets flagged as GMV spikes.
 */
spikes: Array<number>, gmv_median: number, gmv_mad: number, };

/**
 * The settings a timeline was computed with, as the report echoes them.
 */
export type TimelineEcho = { 
/**
 * The session asked for; `None` = the session with most viewers (see `session_id`).
 */
session_id: string | null, bucket_seconds: number, };

/**
 * One bucket (a minute by default) of the timeline.
 */
export type TimelineMinute = { 
/**
 * Bucket index = offset from the session start in buckets (minutes by default).
 */
minute: number, 
/**
 * Bucket start, ms since the epoch, UTC.
 */
ts: number, 
/**
 * Users inside at the bucket's start (sweep-line).
 */
concurrent: number, enters: number, leaves: number, comments: number, likes: number, 
/**
 * Distinct orders paid, counted in the bucket of their first `pay` row.
 */
orders: number, gmv: number, spike: boolean, };

/**
 * A tool's windows pooled.
 */
export type ToolSummary = { tool: string, windows: number, 
/**
 * Mean effect on concurrency over the windows that have one, with a 95% t interval
 * across windows (with one window: that window's interval).
 */
concurrency_effect: number | null, concurrency_low: number | null, concurrency_high: number | null, concurrency_windows: number, concurrency_distinguishable: boolean, 
/**
 * Participants against others, pooled over the windows.
 */
conversion: ParticipantEffect, 
/**
 * Concurrency around the windows: minutes from the window's start (−10 … 19), the mean
 * over the tool's windows, and the mean of the comparison sessions at the same minutes
 * since their start (averaged over the windows).
 */
profile_minutes: Array<number>, profile_tool: Array<number | null>, profile_others: Array<number | null>, 
/**
 * Mean window length, minutes.
 */
mean_window_minutes: number, };

/**
 * One tool's window in one session.
 */
export type ToolWindow = { 
/**
 * `lottery`, `poll`, `coupon` or `qa`.
 */
tool: string, session: string, 
/**
 * The coupon id for coupons, else empty.
 */
label: string, 
/**
 * Local times of the first and last event.
 */
start: string, end: string, 
/**
 * Minutes from the session's start to the window's start.
 */
start_minute: number, seconds: number, 
/**
 * Persons present in the window (a visit overlapping it) or taking part.
 */
present: number, concurrency: WindowEffect, entering_per_minute: WindowEffect, follows_per_minute: WindowEffect, conversion: ParticipantEffect, };

/**
 * The traffic-source table.
 */
export type Traffic = { 
/**
 * Sources with viewers, by viewers (most first).
 */
sources: Array<SourceRow>, 
/**
 * Person-sessions with an entry.
 */
viewers: number, 
/**
 * Of them, those whose first entry has no source.
 */
viewers_without_source: number, };

export type UserRecs = { user_id: string, items: Array<RecItem>, };

/**
 * The validation report over all files.
 */
export type Validation = { rows_read: number, rows_accepted: number, rows_rejected: number, duplicates_dropped: number, 
/**
 * Rejected rows per reason key, all files together.
 */
rejected_by_reason: { [key in string]: number }, files: Array<FileReport>, tz_offset_minutes: number, };

export type Verdict = "b_better" | "a_better" | "no_difference" | "not_enough_data";

/**
 * One measure of the room (concurrency, entries/min, follows/min) around a window.
 */
export type WindowEffect = { 
/**
 * The same length just before the window (absent when the session had not run that long).
 */
before: number | null, during: number | null, 
/**
 * `during − before`.
 */
change: number | null, 
/**
 * The same change in the other sessions at the same minutes since their start, averaged:
 * sessions long enough and without a window of the same tool there.
 */
others_change: number | null, others: number, 
/**
 * `change − others_change`, the effect; with its 95% interval (a prediction interval:
 * `t(0.975, n − 1) × sd(others' changes) × √(1 + 1/n)`), needing 2 other sessions.
 */
effect: number | null, effect_low: number | null, effect_high: number | null, 
/**
 * Whether the interval excludes 0 (otherwise "not distinguishable from no effect").
 */
distinguishable: boolean, };
