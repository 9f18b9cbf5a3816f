import type { ComponentChildren } from 'preact';

type Kind = 'error' | 'success' | 'info' | 'warning';

/**
 * A USWDS alert. Errors use role="alert" (announced at once); the others
 * role="status". Render it inside a <LiveRegion> so that assistive technology
 * hears alerts that appear after an asynchronous call.
 */
export function Alert(props: { type: Kind; heading?: string; children?: ComponentChildren; slim?: boolean; testId?: string }) {
  const cls = `usa-alert usa-alert--${props.type}${props.slim ? ' usa-alert--slim' : ''} margin-y-2`;
  return (
    <div class={cls} role={props.type === 'error' ? 'alert' : 'status'} data-testid={props.testId}>
      <div class="usa-alert__body">
        {props.heading && <p class="usa-alert__heading text-bold margin-top-0">{props.heading}</p>}
        {props.children !== undefined && props.children !== null && <div class="usa-alert__text">{props.children}</div>}
      </div>
    </div>
  );
}

/** An always-present polite live region; its content changes are announced. */
export function LiveRegion(props: { children?: ComponentChildren; id?: string }) {
  return (
    <div aria-live="polite" aria-atomic="false" id={props.id}>
      {props.children}
    </div>
  );
}
