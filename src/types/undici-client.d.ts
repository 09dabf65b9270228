// undici's Client alone: the package's index also loads fetch, web streams and
// every other dispatcher (about 13 MB of a probe run's memory); the class is the same.
declare module 'undici/lib/dispatcher/client.js' {
  import type { Client } from 'undici';
  const ClientClass: typeof Client;
  export default ClientClass;
}
