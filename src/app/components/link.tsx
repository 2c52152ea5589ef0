import type { ComponentChildren } from 'preact';
import { hrefFor, onLinkClick, type Route } from '../router.ts';

export function Link({ to, class: className, children }: { to: Route; class?: string; children: ComponentChildren }) {
  return <a href={hrefFor(to)} class={className} onClick={(e) => onLinkClick(e, to)}>{children}</a>;
}
