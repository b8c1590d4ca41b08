export * from './types';
export { loadConfig, secretValues, type Env } from './loadConfig';
export { formatConfigError, showValue, type ConfigError, type ConfigProblem } from './configError';
export { readEnvFile, mergeEnv, type EnvFileOptions } from './envFile';
export { redactUri } from './redactUri';
export { VARIABLES, ENV_NAMES, type EnvName, type VariableDoc } from './variables';
export { describeConfig } from './summary';
