/**
 * ECharts option → PNG, fully offline: ECharts renders SVG on the server (`renderer: 'svg',
 * ssr: true`, `renderToSVGString`), @resvg/resvg-js rasterises it.
 *
 * Fonts: resvg draws text only with fonts it can load. We load the system fonts (on our hosts
 * DejaVu Sans from /usr/share/fonts/truetype/dejavu) and ask for `DejaVu Sans` first, then any sans.
 * On a machine without fonts the chart still renders — lines, bars and areas — only without text.
 */
import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';

export const CHART_FONT = 'DejaVu Sans';

export interface RenderSize {
  readonly width: number;
  readonly height: number;
}

/** Renders an ECharts option to an SVG string (animation off). */
export function renderSvg(option: echarts.EChartsOption, size: RenderSize): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: `${CHART_FONT}, sans-serif` }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Rasterises an SVG string to a PNG buffer with a white background. */
export function svgToPng(svg: string): Buffer {
  const r = new Resvg(svg, {
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  return r.render().asPng();
}

export function renderPng(option: echarts.EChartsOption, size: RenderSize): Buffer {
  return svgToPng(renderSvg(option, size));
}

/** A title block; synthetic data gets a subtitle and a faint watermark so nobody mistakes it for a market. */
export function titleParts(title: string, synthetic: boolean | undefined): Pick<echarts.EChartsOption, 'title' | 'graphic'> {
  const titleOpt = { text: title, left: 'center', top: 6, textStyle: { fontSize: 16 }, ...(synthetic ? { subtext: 'SYNTHETIC DATA — not market prices', subtextStyle: { color: '#b45309', fontSize: 12 } } : {}) };
  if (!synthetic) return { title: titleOpt };
  return {
    title: titleOpt,
    graphic: [{ type: 'text', left: 'center', top: 'middle', z: -1, style: { text: 'SYNTHETIC', fontSize: 72, fill: 'rgba(180, 83, 9, 0.10)', fontWeight: 'bold' } }],
  };
}
