/**
 * A measure column's filters: the dimensions its fact allows, and values the warehouse holds there (probed
 * through the preview route for the previewed region and year), e.g. 上级下达 from 中央 only.
 */
import { useEffect, useState } from 'react';
import { apiSend, ApiError } from '../api/api.client.ts';
import type { ReportAnswer } from '../../../server/api/reports.types.ts';
import {
  filterDimensions,
  probeOptions,
  probeTemplate,
  type Catalogue,
  type FilterOption,
} from './filter-values.probe.ts';
import { setFilter, type DraftColumn, type DraftEdit } from './template-draft.editor.ts';

interface Props {
  index: number;
  column: DraftColumn;
  catalogue: Catalogue;
  region: string;
  year: number;
  onEdit: (edit: DraftEdit) => void;
}

export function FilterEditor({ index, column, catalogue, region, year, onEdit }: Props) {
  const measure = column.measure ?? '';
  const dimensions = filterDimensions(catalogue, measure);
  const [dimension, setDimension] = useState('');
  const [options, setOptions] = useState<FilterOption[]>([]);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState('');
  const filters = column.filters ?? {};

  useEffect(() => {
    setOptions([]);
    setValue('');
    setProblem('');
    if (!dimension) return;
    let live = true;
    apiSend<ReportAnswer>('POST', '/api/reports/preview', { text: probeTemplate(measure, dimension), region, year })
      .then((a) => {
        if (!live) return;
        const found = probeOptions(a.report.rows);
        setOptions(found);
        setValue(found[0]?.value ?? '');
        if (found.length === 0) setProblem('该维度下没有数据');
      })
      .catch((e: unknown) => live && setProblem(e instanceof ApiError ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [measure, dimension, region, year]);

  if (dimensions.length === 0) return <span className="muted">此度量不能筛选</span>;
  const label = (d: string): string => dimensions.find((x) => x.value === d)?.label ?? d;
  return (
    <div data-testid={`filters-${index}`}>
      {Object.entries(filters).map(([d, values]) => (
        <span key={d} style={{ marginRight: 8 }}>
          {label(d)}:{' '}
          {(Array.isArray(values) ? values : []).map((v) => (
            <button
              key={v}
              type="button"
              className="link"
              title="去掉此取值"
              data-testid={`filter-chip-${index}-${d}-${v}`}
              onClick={() =>
                onEdit((t) =>
                  setFilter(
                    t,
                    index,
                    d,
                    values.filter((x) => x !== v),
                  ),
                )
              }
            >
              {v} ×
            </button>
          ))}
        </span>
      ))}
      <select
        data-testid={`filter-dimension-${index}`}
        value={dimension}
        onChange={(e) => setDimension(e.target.value)}
      >
        <option value="">+ 筛选…</option>
        {dimensions.map((d) => (
          <option key={d.value} value={d.value}>
            {d.label}
          </option>
        ))}
      </select>
      {options.length > 0 && (
        <>
          <select data-testid={`filter-value-${index}`} value={value} onChange={(e) => setValue(e.target.value)}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            data-testid={`filter-add-${index}`}
            onClick={() => onEdit((t) => setFilter(t, index, dimension, [...(filters[dimension] ?? []), value]))}
          >
            加入筛选
          </button>
        </>
      )}
      {problem && <span className="muted"> {problem}</span>}
    </div>
  );
}
