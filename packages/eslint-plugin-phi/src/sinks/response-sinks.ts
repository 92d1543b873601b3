import type { Sink } from './sink.js';

const response = 'an HTTP response';
const request = 'an outbound request';

/** The calls that send their arguments to an HTTP client as a response. */
export const responseSinks: readonly Sink[] = [
  {
    library: 'express',
    destination: response,
    modules: ['express', 'express-serve-static-core'],
    object: 'Response',
    methods: ['end', 'json', 'jsonp', 'render', 'send', 'write'],
  },
  {
    library: 'fastify',
    destination: response,
    modules: ['fastify'],
    object: 'FastifyReply',
    methods: ['send'],
  },
  {
    library: 'node:http',
    destination: response,
    modules: ['http', 'https'],
    object: 'ServerResponse',
    methods: ['end', 'write'],
  },
  {
    library: 'node:http2',
    destination: response,
    modules: ['http2'],
    object: 'Http2ServerResponse',
    methods: ['end', 'write'],
  },
];

/** The calls that send their arguments, URL included, to another server. */
export const requestSinks: readonly Sink[] = [
  {
    library: 'fetch',
    destination: request,
    modules: [],
    methods: ['fetch'],
    match: 'global',
    global: '',
  },
  {
    library: 'fetch',
    destination: request,
    modules: [],
    methods: ['fetch'],
    match: 'global',
    global: 'globalThis',
  },
  {
    library: 'node-fetch',
    destination: request,
    modules: ['node-fetch', 'undici'],
    methods: ['fetch', 'request'],
  },
  {
    library: 'axios',
    destination: request,
    modules: ['axios'],
    methods: [
      'delete',
      'get',
      'head',
      'options',
      'patch',
      'patchForm',
      'post',
      'postForm',
      'put',
      'putForm',
      'request',
    ],
  },
  {
    library: 'axios',
    destination: request,
    modules: ['axios'],
    object: 'AxiosInstance',
    methods: [],
    match: 'callable',
  },
  {
    library: 'node:http',
    destination: request,
    modules: ['http', 'https'],
    object: 'ClientRequest',
    methods: ['end', 'write'],
  },
  {
    library: 'node:http',
    destination: request,
    modules: ['http', 'https'],
    methods: ['get', 'request'],
  },
];
