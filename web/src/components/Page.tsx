import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n';
import { hasNavigated } from '../router';

/**
 * One page: sets document.title and renders the <h1>. After a client-side
 * navigation the heading takes the focus, so that a screen reader announces
 * the new page and keyboard users start from its top.
 */
export function Page(props: { title: string; children?: ComponentChildren; lead?: string }) {
  const { t } = useI18n();
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ${t('app.name')}`;
  }, [props.title, t]);
  useEffect(() => {
    if (hasNavigated()) h1.current?.focus({ preventScroll: false });
  }, []);
  return (
    <>
      <h1 ref={h1} tabIndex={-1} class="nrm-page-title">
        {props.title}
      </h1>
      {props.lead && <p class="usa-intro">{props.lead}</p>}
      {props.children}
    </>
  );
}
