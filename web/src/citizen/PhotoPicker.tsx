// Up to N photos with previews, checked on the phone before anything is sent.
import { useEffect, useRef } from 'react';
import { useFormat, useT } from '../i18n';
import { describedBy, FieldMessages } from '../ui/fields';

export interface Photo {
  id: string;
  file: File;
  url: string;
}

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

export function PhotoPicker({
  id,
  photos,
  onChange,
  maxFiles,
  maxBytes,
  error,
  onError,
}: {
  id: string;
  photos: Photo[];
  onChange(p: Photo[]): void;
  maxFiles: number;
  maxBytes: number;
  error?: string;
  onError(message: string | undefined): void;
}) {
  const t = useT();
  const f = useFormat();
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef(photos);
  latest.current = photos;
  // Preview URLs live as long as the page.
  useEffect(() => () => latest.current.forEach((p) => URL.revokeObjectURL(p.url)), []);

  const add = (files: FileList | null) => {
    if (!files) return;
    const next = [...photos];
    const problems: string[] = [];
    for (const file of Array.from(files)) {
      if (!PHOTO_TYPES.includes(file.type)) problems.push(t('photos.badType', { name: file.name }));
      else if (file.size > maxBytes) problems.push(t('photos.tooLarge', { name: file.name, max: f.bytes(maxBytes) }));
      else if (next.length >= maxFiles) {
        problems.push(t('photos.tooMany', { max: maxFiles }));
        break;
      } else next.push({ id: `${file.name}-${file.size}-${file.lastModified}-${next.length}`, file, url: URL.createObjectURL(file) });
    }
    onChange(next);
    onError(problems.length ? problems.join(' ') : undefined);
    if (input.current) input.current.value = '';
  };
  const remove = (p: Photo) => {
    URL.revokeObjectURL(p.url);
    onChange(photos.filter((x) => x.id !== p.id));
    onError(undefined);
    input.current?.focus();
  };
  const hint = t('photos.hint', { max: maxFiles, size: f.bytes(maxBytes) });
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label htmlFor={id}>
        {t('photos.label')} <span className="optional">({t('form.optional')})</span>
      </label>
      <FieldMessages id={id} hint={hint} error={error} />
      <input
        ref={input}
        id={id}
        name={id}
        type="file"
        accept={PHOTO_TYPES.join(',')}
        multiple
        disabled={photos.length >= maxFiles}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error, `${id}-count`)}
        onChange={(e) => add(e.target.files)}
      />
      <p id={`${id}-count`} className="hint" aria-live="polite">
        {t('photos.count', { n: photos.length, max: maxFiles })}
      </p>
      {photos.length > 0 && (
        <ul className="photo-list">
          {photos.map((p, i) => (
            <li key={p.id}>
              <img src={p.url} alt={t('photos.alt', { n: i + 1, name: p.file.name })} />
              <span className="photo-list__meta">{f.bytes(p.file.size)}</span>
              <button type="button" className="button button--small button--secondary" onClick={() => remove(p)}>
                {t('photos.remove', { n: i + 1 })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
