import { describe, expect, it } from 'vitest';
import { parseListenerSpecs } from './parse-listener-specs';

describe('parseListenerSpecs', () => {
  it('reads tcp and udp listeners with their source, protocol and asset', () => {
    expect(
      parseListenerSpecs(
        'ais-coast=tcp://0.0.0.0:10110/ais; truck-gps=udp://127.0.0.1:10111/nmea?asset=truck-17&kind=vehicle',
      ),
    ).toEqual([
      {
        name: 'ais-coast',
        transport: 'tcp',
        host: '0.0.0.0',
        port: 10110,
        protocol: 'ais',
        assetKind: 'boat',
      },
      {
        name: 'truck-gps',
        transport: 'udp',
        host: '127.0.0.1',
        port: 10111,
        protocol: 'nmea',
        asset: 'truck-17',
        assetKind: 'vehicle',
      },
    ]);
    expect(parseListenerSpecs('')).toEqual([]);
  });

  it('names every bad entry', () => {
    expect(() =>
      parseListenerSpecs(
        'x=http://h:1/nmea;y=tcp://h:1/gpx;z=tcp://h/nmea;bad name=tcp://h:1/ais;w=nonsense',
      ),
    ).toThrow(
      /transport must be tcp or udp[\s\S]*protocol must be[\s\S]*a port[\s\S]*the name[\s\S]*expected name=/,
    );
  });
});
