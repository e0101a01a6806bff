export { ProberModule } from './prober.module';
