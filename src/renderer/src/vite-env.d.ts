/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `1` compiles in the `?fake` bridge hook (bench and screenshot builds only). */
  readonly VITE_SWITCHYARD_FAKE?: string;
}
