// Overview: the live-room KPI table overall, per session and per host, with the KPI charts.
import { KPI_LABELS, KPI_FORMAT } from '../i18n.js';
import { platformSections } from './platforms.js';

export const overview = {
  id: 'overview',
  label: ['Overview', '概览'],
  render(ctx) {
    const { h, t, fmt, report: r } = ctx;
    const parts = [
      h('section', { class: 'card', part: 'kpis' },
        h('h2', { text: t('kpis') + ' · ' + t('overall') }),
        h('div', { class: 'kpis', 'data-testid': 'kpi-overall' },
          Object.keys(KPI_LABELS).map((key) => h('div', { class: 'kpi', 'data-kpi': key },
            h('span', { class: 'kpi-label', text: t.pair(KPI_LABELS, key) }),
            h('span', { class: 'kpi-value', text: fmt(KPI_FORMAT[key], r.kpis.overall[key]) }))))),
      ...platformSections(ctx),
      ctx.charts(['gmv_viewers_by_session', 'conversion_by_session', 'gmv_by_host', 'events_by_kind']),
    ];
    const keys = Object.keys(KPI_LABELS).map((k) => [t.pair(KPI_LABELS, k), (row) => row[k], KPI_FORMAT[k]]);
    if (r.kpis.by_session.length) {
      parts.push(h('section', { class: 'card' }, h('h2', { text: t('kpis') + ' · ' + t('by_session') }),
        ctx.table([
          [t('session'), (s) => (s.title ? `${s.session_id} · ${s.title}` : s.session_id)],
          [t('host'), (s) => s.host],
          [t('start'), (s) => s.start],
          ...keys,
        ], r.kpis.by_session, 'kpi-sessions')));
    }
    if (r.hosts && r.hosts.length) {
      parts.push(h('section', { class: 'card' }, h('h2', { text: t('hosts') }),
        ctx.table([[t('host'), (s) => s.group], [t('sessions'), (s) => s.sessions, 'int'], ...keys], r.hosts, 'kpi-hosts')));
    }
    return parts;
  },
};
