// One Plotly chart updated in place while a run moves (ui/live_plot.py): Streamlit calls this function again with
// each new figure on the same element, and Plotly.react redraws what changed on the same div.

// Streamlit's static file serving (server.enableStaticServing); set-up copies the file from the plotly package.
const PLOTLY_URL = "app/static/plotly.min.js";

function plotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.torchplayPlotly) {
    window.torchplayPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(PLOTLY_URL, document.baseURI).href;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => {
        window.torchplayPlotly = null; // the next frame tries again
        reject(new Error(`plotly.js did not load from ${script.src}`));
      };
      document.head.appendChild(script);
    });
  }
  return window.torchplayPlotly;
}

// The app's look, as Streamlit's own plotly theme gives the other charts (read from the theme's CSS variables).
function theme(element) {
  const style = getComputedStyle(element);
  const css = (name) => style.getPropertyValue(`--st-${name}`).trim();
  const text = css("text-color"), grid = css("border-color-light") || css("border-color");
  const faded = fade(text, 0.6); // axis labels and ticks: the text colour, lighter
  const axis = { tickfont: { color: faded, size: 12 }, title: { font: { color: faded, size: 14 } }, automargin: true,
                 gridcolor: grid, zerolinecolor: grid, tickcolor: grid };
  const colors = css("chart-categorical-colors");
  return {
    layout: {
      font: { color: text, family: css("font"), size: 12 },
      title: { font: { family: css("heading-font"), color: css("heading-color") || text, weight: 600 },
               xanchor: "left", pad: { l: 4 } },
      legend: { font: { size: 12, color: text }, bordercolor: "rgba(0,0,0,0)", borderwidth: 0 },
      paper_bgcolor: css("background-color"), plot_bgcolor: css("background-color"),
      xaxis: { ...axis, showgrid: false, zeroline: false }, yaxis: { ...axis },
      xaxis2: { ...axis, showgrid: false, zeroline: false }, yaxis2: { ...axis },
      ...(colors ? { colorway: colors.split(",") } : {}),
    },
  };
}

function fade(color, alpha) {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  return hex ? `rgba(${hex.slice(1).map((h) => parseInt(h, 16)).join(",")},${alpha})` : color;
}

export default function ({ data, parentElement }) {
  const plot = parentElement.querySelector(".torchplay-live-plot");
  if (!plot || !data) return;
  plot.torchplayNext = data; // a frame that arrives while one is drawn replaces the one waiting
  if (plot.torchplayDrawing) return;
  plot.torchplayDrawing = true;
  const draw = (Plotly) => {
    const next = plot.torchplayNext;
    plot.torchplayNext = null;
    if (!next) {
      plot.torchplayDrawing = false;
      return undefined;
    }
    const figure = JSON.parse(next.figure);
    figure.layout.template = plot.torchplayTheme || (plot.torchplayTheme = theme(parentElement));
    return Plotly.react(plot, figure.data, figure.layout, next.config).then(() => draw(Plotly));
  };
  plotly().then(draw).catch((error) => {
    plot.torchplayDrawing = false;
    console.error("live plot:", error);
  });
  // Streamlit calls the last function returned once the element is gone (the run stopped): free the plot's
  // listeners. It also calls one at once when a newer frame overtook this call, while the plot is still shown.
  return () => {
    if (!plot.isConnected && window.Plotly) window.Plotly.purge(plot);
  };
}
