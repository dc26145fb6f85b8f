/** A child h() accepts: nodes, text, or nothing (skipped), nested in arrays. */
export type Child = Node | string | number | null | undefined | false | Child[];

type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/**
 * Builds an element: `h('a', { href: '#/events', class: 'x' }, 'text')`. Attributes starting
 * with "on" are listeners; text is always set as text, never parsed as HTML (events hold
 * whatever tools printed).
 */
export function h(tag: string, attributes: Attributes = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what `parent` shows. */
export function show(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A table with one heading row over `body`: every list of the dashboard. */
export function headedTable(
  className: string,
  testId: string,
  headings: string[],
  body: HTMLElement,
): HTMLElement {
  return h(
    'table',
    { class: className, 'data-testid': testId },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headings.map((heading) => h('th', {}, heading)),
      ),
    ),
    body,
  );
}
