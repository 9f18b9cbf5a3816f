import type { ComponentChildren, JSX } from 'preact';
import { onLinkClick } from '../router';

/** An ordinary <a href> that navigates inside the SPA on a plain click. */
export function Link(props: { href: string; children?: ComponentChildren } & Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'onClick'>) {
  const { href, children, ...rest } = props;
  return (
    <a href={href} onClick={onLinkClick} {...rest}>
      {children}
    </a>
  );
}
