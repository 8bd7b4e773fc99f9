/**
 * NMEA/AIS line listeners as configured in the environment (`INGEST_LISTENERS`, empty = none):
 * `name=transport://host:port/protocol[?asset=<id>&kind=<asset kind>]`, entries separated by `;`.
 * `name` is the envelope source of what the listener receives. Examples:
 * `ais-coast=tcp://0.0.0.0:10110/ais;truck-gps=udp://0.0.0.0:10111/nmea?asset=truck-17`.
 * An NMEA listener without `asset` names the asset after the sender's address. Port 0 takes any free port.
 */
import { ZAssetKind } from '@vigie/contracts/assets';
import type { TAssetKind } from '@vigie/contracts/assets';

export interface ListenerSpec {
  name: string;
  transport: 'tcp' | 'udp';
  host: string;
  port: number;
  protocol: 'nmea' | 'ais';
  asset?: string;
  assetKind: TAssetKind;
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,63}$/;

export function parseListenerSpecs(text: string): ListenerSpec[] {
  const specs: ListenerSpec[] = [];
  const problems: string[] = [];
  for (const entry of text
    .split(/[;\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq).trim();
    let url: URL;
    try {
      url = new URL(entry.slice(eq + 1).trim());
    } catch {
      problems.push(`"${entry}": expected name=tcp://host:port/nmea`);
      continue;
    }
    const transport = url.protocol.replace(':', '');
    const protocol = url.pathname.replace(/^\//, '');
    const port = Number(url.port);
    const kind = ZAssetKind.safeParse(
      url.searchParams.get('kind') ?? (protocol === 'ais' ? 'boat' : 'vehicle'),
    );
    const asset = url.searchParams.get('asset') ?? undefined;
    if (eq <= 0 || !NAME.test(name))
      problems.push(`"${entry}": the name (the source) must be 1-64 letters, digits or . _ : @ / + # = ~ -`);
    else if (transport !== 'tcp' && transport !== 'udp')
      problems.push(`"${entry}": transport must be tcp or udp`);
    else if (protocol !== 'nmea' && protocol !== 'ais')
      problems.push(`"${entry}": protocol must be /nmea or /ais`);
    else if (url.port === '' || !Number.isInteger(port) || port < 0 || port > 65_535)
      problems.push(`"${entry}": a port 0-65535 is required (0: any free port)`);
    else if (!kind.success) problems.push(`"${entry}": unknown asset kind`);
    else if (asset !== undefined && !NAME.test(asset))
      problems.push(`"${entry}": asset must be an identifier`);
    else {
      specs.push({
        name,
        transport,
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port,
        protocol,
        ...(asset === undefined ? {} : { asset }),
        assetKind: kind.data,
      });
    }
  }
  if (problems.length > 0) throw new Error(`Invalid INGEST_LISTENERS:\n  ${problems.join('\n  ')}`);
  return specs;
}
