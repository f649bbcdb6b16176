// The routines panel (README "Routines"): list, create, change and delete the shop's routines
// through /api/routines; a routine runs by saying its name ("Rahul routine"). Also the
// "speaking / stopped speaking" line of barge-in. Its labels live here, in both languages.

import { lang } from "./i18n.js";

const LABELS = {
  hi: {
    title: "Routine",
    hint: "Naam bolkar chalaiye: “Rahul routine”",
    name: "Naam",
    steps: "Kaam (har line ek kaam)",
    save: "Save karo",
    change: "Badlo",
    remove: "Hatao",
    cancel: "Rehne do",
    empty: "Abhi koi routine nahi.",
    failed: "Routine save nahi hua",
    speaking: "Jawab bol raha hai…",
    stopped: "Bolna roka: aap bol rahe the",
  },
  en: {
    title: "Routines",
    hint: "Run one by saying its name: “Rahul routine”",
    name: "Name",
    steps: "Steps (one per line)",
    save: "Save",
    change: "Change",
    remove: "Delete",
    cancel: "Cancel",
    empty: "No routines yet.",
    failed: "The routine was not saved",
    speaking: "Speaking the reply…",
    stopped: "Stopped speaking: you spoke",
  },
};

export function rt(key) {
  return (LABELS[lang()] ?? LABELS.en)[key];
}

/** The panel sits at the foot of the customers panel (its column, its phone view); built
 * here with its own stylesheet, so the page's markup stays as it is. */
export function mountRoutines() {
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/static/routines.css";
  document.head.append(style);
  const root = document.createElement("section");
  root.className = "routines";
  root.id = "routines";
  root.setAttribute("aria-labelledby", "routines-title");
  root.innerHTML = `
    <h2 id="routines-title"></h2>
    <p class="routines-hint"></p>
    <ul id="routine-list"></ul>
    <form id="routine-form">
      <input id="routine-name" name="name" required maxlength="40" autocomplete="off">
      <textarea id="routine-steps" name="steps" rows="3" required></textarea>
      <div class="routine-actions">
        <button type="submit" id="routine-save"></button>
        <button type="button" id="routine-cancel" hidden></button>
      </div>
      <p class="note" id="routine-note" role="status"></p>
    </form>`;
  (document.querySelector("#customers") ?? document.body).append(root);
  return root;
}

export class RoutinesPanel {
  constructor(root, token) {
    this.root = root;
    this.token = token;
    this.rows = [];
    this.editing = null; // the key of the routine being changed
    this.timer = null;
    this.form = root.querySelector("#routine-form");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    root.querySelector("#routine-cancel").addEventListener("click", () => this.edit(null));
    this.relabel();
  }

  async call(method, path, body) {
    const headers = { Authorization: `Bearer ${this.token}` };
    if (body) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, body: body && JSON.stringify(body) });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(typeof problem.detail === "string" ? problem.detail : rt("failed"));
    }
    return response.status === 204 ? null : response.json();
  }

  soon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 400);
  }

  async refresh() {
    try {
      this.rows = await this.call("GET", "/api/routines");
      this.render();
    } catch (error) {
      this.say(error.message);
    }
  }

  async save() {
    const name = this.root.querySelector("#routine-name").value.trim();
    const steps = this.root
      .querySelector("#routine-steps")
      .value.split("\n")
      .map((step) => step.trim())
      .filter(Boolean);
    try {
      if (this.editing) {
        await this.call("PUT", `/api/routines/${encodeURIComponent(this.editing)}`, { steps });
      } else {
        await this.call("POST", "/api/routines", { name, steps });
      }
      this.say("");
      this.edit(null);
      await this.refresh();
    } catch (error) {
      this.say(error.message);
    }
  }

  async remove(key) {
    try {
      await this.call("DELETE", `/api/routines/${encodeURIComponent(key)}`);
      if (this.editing === key) this.edit(null);
      await this.refresh();
    } catch (error) {
      this.say(error.message);
    }
  }

  /** Fill the form with a routine to change it, or clear it (null) for a new one. */
  edit(key) {
    const routine = this.rows.find((row) => row.key === key);
    this.editing = routine ? key : null;
    const name = this.root.querySelector("#routine-name");
    name.value = routine?.name ?? "";
    name.readOnly = Boolean(routine);
    this.root.querySelector("#routine-steps").value = routine ? routine.steps.join("\n") : "";
    this.root.querySelector("#routine-cancel").hidden = !routine;
  }

  say(message) {
    this.root.querySelector("#routine-note").textContent = message;
  }

  render() {
    const list = this.root.querySelector("#routine-list");
    if (!this.rows.length) {
      const empty = document.createElement("li");
      empty.className = "routine-empty";
      empty.textContent = rt("empty");
      list.replaceChildren(empty);
      return;
    }
    list.replaceChildren(
      ...this.rows.map((routine) => {
        const item = document.createElement("li");
        item.className = "routine";
        item.dataset.key = routine.key;
        item.innerHTML =
          '<strong class="routine-name"></strong> <span class="routine-steps"></span> ' +
          '<button type="button" class="routine-change"></button> ' +
          '<button type="button" class="routine-delete"></button>';
        item.querySelector(".routine-name").textContent = routine.name;
        item.querySelector(".routine-steps").textContent = routine.steps.join(" · ");
        const change = item.querySelector(".routine-change");
        change.textContent = rt("change");
        change.addEventListener("click", () => this.edit(routine.key));
        const remove = item.querySelector(".routine-delete");
        remove.textContent = rt("remove");
        remove.addEventListener("click", () => this.remove(routine.key));
        return item;
      }),
    );
  }

  relabel() {
    const root = this.root;
    root.querySelector("#routines-title").textContent = rt("title");
    root.querySelector(".routines-hint").textContent = rt("hint");
    root.querySelector("#routine-name").placeholder = rt("name");
    root.querySelector("#routine-name").setAttribute("aria-label", rt("name"));
    root.querySelector("#routine-steps").placeholder = rt("steps");
    root.querySelector("#routine-steps").setAttribute("aria-label", rt("steps"));
    root.querySelector("#routine-save").textContent = rt("save");
    root.querySelector("#routine-cancel").textContent = rt("cancel");
    this.render();
  }
}

/** The "speaking / stopped speaking" line under the partial transcript. */
export function speechState() {
  const line = document.createElement("p");
  line.className = "speech-state";
  line.id = "speech-state";
  line.setAttribute("role", "status");
  line.dataset.state = "idle";
  line.hidden = true;
  const partial = document.querySelector("#partial");
  (partial?.parentElement ?? document.body).insertBefore(line, partial?.nextSibling ?? null);
  let timer = null;
  return (state) => {
    clearTimeout(timer);
    line.dataset.state = state;
    line.hidden = state === "idle";
    line.textContent = state === "idle" ? "" : rt(state);
    // "Stopped" stays a few seconds so it is seen, then the line clears itself.
    if (state === "stopped") timer = setTimeout(() => (line.hidden = true), 4000);
  };
}
