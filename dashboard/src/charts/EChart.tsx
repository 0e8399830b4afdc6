/**
 * The one ECharts wrapper: the charts the dashboard uses are registered once (tree-shaken), an instance per
 * element, resized with its box, disposed on unmount. `data-rendered` turns "true" at the first frame drawn
 * with data, `data-drawn` when ECharts has finished drawing (animations done); the end-to-end test and the
 * first-load bench wait for them.
 */
import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  SankeyChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export interface ChartClick {
  dataIndex: number;
  name: string;
  dataType: string | undefined;
  seriesIndex: number | undefined;
}

interface Props {
  option: EChartsOption;
  height?: number;
  onClick?: (event: ChartClick) => void;
  testId?: string;
}

export function EChart({ option, height = 320, onClick, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  const [drawn, setDrawn] = useState(false);
  const [rendered, setRendered] = useState(false);
  const hasOption = useRef(false);
  clickRef.current = onClick;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('finished', () => setDrawn(true));
    instance.on('rendered', () => {
      if (hasOption.current) setRendered(true);
    });
    instance.on('click', (p) => {
      clickRef.current?.({
        dataIndex: p.dataIndex,
        name: p.name,
        dataType: p.dataType,
        seriesIndex: p.seriesIndex,
      });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    hasOption.current = true;
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={ref}
      className="chart"
      data-testid={testId}
      data-drawn={drawn ? 'true' : 'false'}
      data-rendered={rendered ? 'true' : 'false'}
      style={{ height, cursor: onClick ? 'pointer' : 'default' }}
    />
  );
}
