import type { FieldClass } from '../api';
import { useI18n } from '../i18n';

/** Field classes as a short list; the reference code is open to every reader and is left out. */
export function ClassList(props: { classes: readonly (FieldClass | string)[] }) {
  const { t, codeName } = useI18n();
  const shown = props.classes.filter((c) => c !== 'reference');
  if (shown.length === 0) return <>{t('common.none')}</>;
  return (
    <span class="nrm-classes">
      {shown.map((c, i) => (
        <span key={c} data-class={c}>
          {codeName('class.', c)}
          {i < shown.length - 1 ? ', ' : ''}
        </span>
      ))}
    </span>
  );
}

/** An id shown in full but in a smaller monospace font; ids are not personal data. */
export function Mono(props: { value: string }) {
  return <span class="nrm-mono nrm-id">{props.value}</span>;
}
