/** Failed requests in the reader's language, for the extension's pages. */
import type { Translate } from '../i18n.ts';
import type { Failure, Result } from '../messages.ts';
import type { Loadable } from '@/components/EntityView';

/** Words a failure for the reader; an unexpected one keeps its technical detail after the sentence. */
export function failureText(failure: Failure, t: Translate): string {
  switch (failure.reason) {
    case 'unreachable':
      return t('failure_unreachable');
    case 'noSuchPack':
      return t('failure_noSuchPack', failure.subject ?? '');
    case 'noPacks':
      return t('failure_noPacks');
    case 'internal':
      return t('failure_internal', failure.error);
  }
}

/** A result as something a view loads: its value, or why not in the reader's words. */
export function loadableOf<T>(result: Result<T>, t: Translate): Loadable<T> {
  return result.ok
    ? { status: 'ready', value: result.value }
    : { status: 'error', message: failureText(result, t) };
}
