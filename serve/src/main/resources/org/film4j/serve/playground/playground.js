// The film4j playground: asks POST /v1/answer about one image and shows the answer, the top
// answers and the FiLM parameters; the sliders send a change with each request.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { models: [], image: null, imageSize: null, pending: null };

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = sessionStorage.getItem("film4j-key");
  if (key) {
    h.Authorization = "Bearer " + key;
  }
  return h;
}

// A JSON API call; an error body's message is thrown, a 401 shows the key field.
async function api(path, body) {
  const response = await fetch(path, body === undefined ? { headers: headers() }
    : { method: "POST", headers: headers(), body: JSON.stringify(body) });
  if (response.status === 401) {
    $("key").hidden = false;
  }
  const json = await response.json().catch(() => ({ error: "HTTP " + response.status }));
  if (!response.ok) {
    throw new Error(json.error || "HTTP " + response.status);
  }
  return json;
}

function showError(message) {
  $("error").textContent = message || "";
  $("error").hidden = !message;
}

function model() {
  return state.models.find((m) => m.name === $("model").value);
}

async function loadModels() {
  state.models = (await api("/v1/models")).models;
  $("model").replaceChildren(...state.models.map((m) => new Option(m.name, m.name)));
  chooseModel();
}

function chooseModel() {
  const m = model();
  const blocks = [new Option("all blocks", "all")];
  for (let b = 0; b < m.modules; b++) {
    blocks.push(new Option("block " + b, String(b)));
  }
  $("block").replaceChildren(...blocks);
  showNotice();
}

async function loadExamples() {
  const list = (await api("/v1/examples")).examples;
  $("examples").replaceChildren(...list.map((example, i) => {
    const button = document.createElement("button");
    button.type = "button";
    button.title = example.name;
    button.dataset.index = String(i);
    const img = document.createElement("img");
    img.alt = example.name;
    button.append(img);
    fetch(example.url, { headers: headers() }).then((r) => r.blob()).then((blob) => {
      img.src = URL.createObjectURL(blob);
      button.onclick = () => useImage(blob, button);
    });
    return button;
  }));
}

// The chosen image: its bytes as base64 for the API, its size for the notice.
function useImage(blob, button) {
  document.querySelectorAll("#examples button").forEach((b) => b.classList.remove("chosen"));
  if (button) {
    button.classList.add("chosen");
  }
  const reader = new FileReader();
  reader.onload = () => {
    state.image = reader.result.substring(reader.result.indexOf(",") + 1);
    const preview = $("preview");
    preview.onload = () => {
      state.imageSize = { width: preview.naturalWidth, height: preview.naturalHeight };
      $("image-size").textContent = state.imageSize.width + "×" + state.imageSize.height;
      showNotice();
      if ($("question").value.trim()) {
        ask();
      }
    };
    preview.src = reader.result;
  };
  reader.readAsDataURL(blob);
}

// Said before asking, from the image's own size; the server says the same with each answer.
function showNotice(text) {
  const m = model();
  let notice = text;
  if (notice === undefined && m && m.image && state.imageSize) {
    const { width, height } = state.imageSize;
    if (width !== m.image.width || height !== m.image.height) {
      const aspect = width / height;
      const own = m.image.width / m.image.height;
      notice = "The image is " + width + "×" + height + "; the model reads " + m.image.width
        + "×" + m.image.height + (Math.abs(aspect - own) > 0.01 * own
          ? ": its aspect differs, so it is squeezed; answers may suffer."
          : ": it is resized.");
    }
  }
  $("notice").textContent = notice || "";
  $("notice").hidden = !notice;
}

function change() {
  const gamma = Number($("gamma-scale").value);
  const beta = Number($("beta-scale").value);
  $("gamma-scale-value").textContent = gamma.toFixed(2);
  $("beta-scale-value").textContent = beta.toFixed(2);
  if (gamma === 1 && beta === 1) {
    return undefined;
  }
  const block = $("block").value;
  return { gamma_scale: gamma, beta_scale: beta,
    ...(block === "all" ? {} : { blocks: [Number(block)] }) };
}

async function ask() {
  const question = $("question").value.trim();
  if (!state.image) {
    showError("Pick an example image or upload one first.");
    return;
  }
  if (!question) {
    showError("Type a question.");
    return;
  }
  const request = { model: $("model").value, image: state.image, questions: [question],
    top_k: 5, film: true, change: change() };
  state.pending = request;
  $("result").dataset.state = "asking";
  try {
    const response = await api("/v1/answer", request);
    if (state.pending === request) {
      show(response);
    }
  } catch (e) {
    if (state.pending === request) {
      $("result").dataset.state = "error";
      showError(e.message);
    }
  }
}

function show(response) {
  const a = response.answers[0];
  showError("");
  showNotice(response.notice || "");
  $("answer").textContent = a.answer;
  $("probability").textContent = "(" + (100 * a.probability).toFixed(1) + "%)";
  $("read-as").textContent = a.notes && a.notes.length ? "(" + a.notes.join(", ") + ")" : "";
  $("top-k").replaceChildren(...a.top.map((c) => {
    const row = document.createElement("div");
    row.className = "bar";
    const label = document.createElement("span");
    label.textContent = c.answer;
    const fill = document.createElement("div");
    fill.className = "fill";
    fill.style.width = (100 * c.probability).toFixed(1) + "%";
    const value = document.createElement("span");
    value.className = "value";
    value.textContent = (100 * c.probability).toFixed(1) + "%";
    row.append(label, fill, value);
    return row;
  }));
  heatMap($("gamma-map"), $("gamma-range"), a.gammas, 1);
  heatMap($("beta-map"), $("beta-range"), a.betas, 0);
  $("result").dataset.state = "answered";
  $("result").dataset.answers = String(Number($("result").dataset.answers || 0) + 1);
}

// Blocks as rows, channels as columns; red above the neutral value, blue below.
function heatMap(canvas, caption, blocks, neutral) {
  const rows = blocks.length;
  const columns = blocks[0].length;
  canvas.width = columns;
  canvas.height = rows;
  const context = canvas.getContext("2d");
  const pixels = context.createImageData(columns, rows);
  const values = blocks.flat();
  const low = Math.min(...values);
  const high = Math.max(...values);
  // Scaled to the 95th percentile of the distance from neutral, so a few large values do not
  // wash out the rest (those beyond it show at full colour).
  const distances = values.map((v) => Math.abs(v - neutral)).sort((x, y) => x - y);
  const spread = Math.max(1e-6, distances[Math.floor(0.95 * (distances.length - 1))]);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const t = Math.max(-1, Math.min(1, (blocks[r][c] - neutral) / spread));
      const at = 4 * (r * columns + c);
      const fade = Math.round(255 * (1 - Math.abs(t)));
      pixels.data[at] = t > 0 ? 255 : fade;
      pixels.data[at + 1] = fade;
      pixels.data[at + 2] = t < 0 ? 255 : fade;
      pixels.data[at + 3] = 255;
    }
  }
  context.putImageData(pixels, 0, 0);
  caption.textContent = rows + " blocks (block 0 on top) × " + columns + " channels, from "
    + low.toFixed(2) + " to " + high.toFixed(2);
}

let timer = null;
function askSoon() {
  clearTimeout(timer);
  timer = setTimeout(() => {
    if (state.image && $("question").value.trim()) {
      ask();
    }
  }, 150);
}

$("ask-form").addEventListener("submit", (e) => {
  e.preventDefault();
  ask();
});
$("model").addEventListener("change", () => {
  chooseModel();
  askSoon();
});
$("upload").addEventListener("change", () => {
  if ($("upload").files.length) {
    useImage($("upload").files[0], null);
  }
});
["gamma-scale", "beta-scale", "block"].forEach((id) => $(id).addEventListener("input", () => {
  change();
  askSoon();
}));
$("reset").addEventListener("click", () => {
  $("gamma-scale").value = 1;
  $("beta-scale").value = 1;
  $("block").value = "all";
  change();
  askSoon();
});
$("api-key").addEventListener("change", () => {
  sessionStorage.setItem("film4j-key", $("api-key").value);
  start();
});

async function start() {
  try {
    await loadModels();
    await loadExamples();
    showError("");
  } catch (e) {
    showError(e.message);
  }
}
start();
