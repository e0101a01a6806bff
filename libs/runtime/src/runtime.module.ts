import { type DynamicModule, Global, Module } from '@nestjs/common';
import { RUNTIME, type VigilRuntime } from './runtime';

/** Makes the started runtime injectable everywhere (`@Inject(RUNTIME)`). */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(runtime: VigilRuntime): DynamicModule {
    return { module: RuntimeModule, providers: [{ provide: RUNTIME, useValue: runtime }], exports: [RUNTIME] };
  }
}
