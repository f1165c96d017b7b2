import type { LogInRequest, SignUpRequest } from "@ardine/domain"
import { call } from "./client.js"

export const me = () => call((api) => api.auth.me())
export const logIn = (payload: LogInRequest) => call((api) => api.auth.logIn({ payload }))
export const signUp = (payload: SignUpRequest) => call((api) => api.auth.signUp({ payload }))
export const logOut = () => call((api) => api.auth.logOut())
