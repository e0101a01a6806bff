import { ServiceDetail } from '../../../../components/overview/service-detail';
import type { SearchRecord } from '../../../../lib/search-params';
import { rangeFromSearch } from '../../../../lib/time-range';

export default async function ServicePage({ params, searchParams }: { params: Promise<{ service: string }>; searchParams: Promise<SearchRecord> }) {
  const { service } = await params;
  return <ServiceDetail key={service} service={decodeSegment(service)} initialRange={rangeFromSearch(await searchParams)} />;
}

/** Next hands dynamic segments over still percent-encoded in some versions; a stray `%` must not throw. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
