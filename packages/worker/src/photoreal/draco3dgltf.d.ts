// The package ships no types; these are the two factories the worker and its tests call.
declare module "draco3dgltf" {
  const draco3d: {
    createDecoderModule(): Promise<unknown>
    createEncoderModule(): Promise<unknown>
  }
  export default draco3d
}
