/**
 * The little of the DOM that the `page.evaluate` callbacks use. Those callbacks run in
 * Chromium, not Node, and the project compiles without TypeScript's DOM library (lib/
 * must not lean on browser globals), so the browser test declares these for itself.
 */

export interface DomNodeList extends Iterable<DomElement> {
  length: number;
}

export interface DomRoot {
  activeElement: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): DomNodeList;
}

/** One shape for every element used: list items, links, images, custom elements. */
export interface DomElement extends DomRoot {
  tagName: string;
  textContent: string | null;
  lang: string;
  shadowRoot: DomRoot | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  getRootNode(): DomRoot;
  /** Links. */
  href: string;
  target: string;
  rel: string;
  /** Images. */
  loading: string;
  complete: boolean;
  naturalWidth: number;
}

export type ComputedStyle = Record<string, string>;
