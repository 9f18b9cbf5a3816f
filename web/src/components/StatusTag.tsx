// The one status tag: a state code from the server shown as a USWDS tag with
// its name in the reader's language (the i18n key `prefix` + code) and
// `data-status` for tests; the palette names the CSS family that colours it
// (`{palette}--{code}`): desk-status (desk.css), nrm-ref-tag (referral.css),
// nrm-req-tag (app.css).
import { useI18n } from '../i18n';

export function StatusTag(props: { palette: string; prefix: string; code: string; testId?: string }) {
  const { codeName } = useI18n();
  return (
    <span class={`usa-tag ${props.palette} ${props.palette}--${props.code}`} data-status={props.code} data-testid={props.testId}>
      {codeName(props.prefix, props.code)}
    </span>
  );
}
