'use client';

import type { Slo } from '@vigil/contracts';
import Link from 'next/link';
import { useSlos } from '../../hooks/use-slos';
import { checkSliWords, describeSli } from '../../lib/slo-display';

/** An SLO's SLI in one line; a check SLI names its check and links to the check's page. */
export function SliText({ slo, className }: { slo: Pick<Slo, 'sli' | 'check'>; className?: string }) {
  const { checkHref } = useSlos();
  const { sli, check } = slo;
  if (check && (sli.kind === 'check_probes' || sli.kind === 'check_uptime')) {
    const { before, after } = checkSliWords(sli);
    return (
      <code className={className} data-testid="slo-sli-text">
        {before}{' '}
        <Link href={checkHref(check.id)} data-testid="slo-check-link">
          {check.name}
        </Link>
        {after}
      </code>
    );
  }
  return (
    <code className={className} data-testid="slo-sli-text">
      {describeSli(sli)}
    </code>
  );
}
