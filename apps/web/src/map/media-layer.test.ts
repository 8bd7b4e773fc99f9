import type { TMediaItem } from '@vigie/contracts/media-api';
import { describe, expect, it } from 'vitest';
import { MEDIA_LAYER_IDS, buildMediaLayers, mediaFootprints, mediaLoaded, mediaMarkers } from './media-layer';

const photo: TMediaItem = {
  mediaId: 'm-photo',
  kind: 'image',
  position: { lon: -73.75, lat: 18.19 },
  thumbnailUrl: '/api/v1/media/m-photo/thumbnail',
  fileUrl: '/api/v1/media/m-photo/file',
  caption: 'Pont',
};
const survey: TMediaItem = {
  mediaId: 'm-survey',
  kind: 'image',
  footprint: {
    type: 'Polygon',
    coordinates: [
      [
        [-74, 18],
        [-73, 18],
        [-73, 19],
        [-74, 19],
        [-74, 18],
      ],
    ],
  },
  fileUrl: '/api/v1/media/m-survey/file',
};
const video: TMediaItem = { mediaId: 'm-video', kind: 'video', fileUrl: '/api/v1/media/m-video/file' };

describe('media layer mappers', () => {
  it('places media at the camera, else at the centre of the footprint, and skips media with neither', () => {
    expect(mediaMarkers([photo, survey, video])).toEqual([
      {
        id: 'm-photo',
        position: [-73.75, 18.19],
        kind: 'image',
        thumbnailUrl: '/api/v1/media/m-photo/thumbnail',
        caption: 'Pont',
      },
      { id: 'm-survey', position: [-73.5, 18.5], kind: 'image', thumbnailUrl: null, caption: null },
    ]);
  });

  it('outlines footprints', () => {
    expect(mediaFootprints([photo, survey])).toEqual([
      { id: 'm-survey', rings: [survey.footprint!.coordinates[0]] },
    ]);
  });

  it('draws thumbnails where there are some and dots elsewhere', () => {
    const state = mediaLoaded({ items: [] }, [photo, survey]);
    const layers = buildMediaLayers(state);
    expect(layers.map((l) => [l.id, (l.props.data as unknown[]).length])).toEqual([
      [MEDIA_LAYER_IDS.footprints, 1],
      [MEDIA_LAYER_IDS.thumbnails, 1],
      [MEDIA_LAYER_IDS.dots, 1],
    ]);
  });
});
